import { type DecodedEvent } from '@parkledger/contracts';
import { isUuid } from '@parkledger/platform';

/**
 * What an event names of another aggregate or entity, so that aggregate's history can show it:
 * - `project`: a project of the pipeline, named by a fund's investment in it, an award or an
 *   application, or a milestone recorded for it;
 * - `investment`: a fund's investment, named by the event that made it and by its valuations,
 *   exits and write-offs, so a project's history reaches them through the investment;
 * - `journal-entry`: a fund's journal entry, named by the investment event that booked it and by
 *   the reversal of it, so a project's history holds an investment's entry undone too.
 */
export type MentionType = 'project' | 'investment' | 'journal-entry';

export interface Mention {
  type: MentionType;
  id: string;
}

/** Only canonical ids are kept: a payload that names something otherwise names nothing the log can find. */
const named = (type: MentionType, id: string | undefined): Mention[] =>
  id !== undefined && isUuid(id) ? [{ type, id }] : [];

/** What the event names, each once. An aggregate's own events name nothing of it here: they are its history. */
export function mentionsOf(event: DecodedEvent): Mention[] {
  switch (event.type) {
    case 'parkledger.fund.investment-made.v1': {
      const investment = event.payload.investment;
      return [
        ...named('investment', investment?.id),
        ...(investment?.targetKind === 'project' ? named('project', investment.targetId) : []),
        ...named('journal-entry', event.payload.entry?.id),
      ];
    }
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
      return [...named('investment', event.payload.investmentId), ...named('journal-entry', event.payload.entry?.id)];
    case 'parkledger.fund.entry-reversed.v1':
      return named('journal-entry', event.payload.reversedEntryId);
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.granted.v1':
    case 'parkledger.award.rejected.v1':
    case 'parkledger.award.paid.v1':
    case 'parkledger.award.revoked.v1':
    case 'parkledger.award.recaptured.v1':
      return named('project', event.payload.award?.projectId);
    case 'parkledger.enterprise.milestone-recorded.v1':
      return named('project', event.payload.milestone?.projectId);
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.removed.v1':
    case 'parkledger.park.retired.v1':
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1':
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
    case 'parkledger.project.registered.v1':
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
    case 'parkledger.fund.reinvestment-required.v1':
    case 'parkledger.policy.published.v1':
    case 'parkledger.checkpoint.signed.v1':
      return [];
  }
}
