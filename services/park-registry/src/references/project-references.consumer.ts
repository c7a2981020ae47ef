import { prepared, type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { type PoolClient } from 'pg';

/** The pipeline's topic: a project registered in a park makes that park referenced. */
export const PROJECT_TOPICS = ['parkledger.projects.v1'];

/** The consumer's name (its group id and inbox key), after the group prefix. */
export const PROJECT_REFERENCES_CONSUMER = 'park-registry.project-references';

/**
 * Learns from the pipeline's events which parks projects refer to, inside the inbox transaction:
 * such a park is then retired, never deleted. A project names its park once, at registration, so
 * the other project events change nothing here. Repeats change nothing (ON CONFLICT DO NOTHING).
 */
export async function applyProjectEvents(events: readonly ConsumedEvent[], tx: PoolClient): Promise<void> {
  const parks = events.flatMap(parkReferredBy);
  if (parks.length === 0) return;
  await tx.query(
    prepared(
      "INSERT INTO referenced_parks (park_id, referrer) SELECT DISTINCT unnest($1::uuid[]), 'project' ON CONFLICT DO NOTHING",
    ),
    [parks],
  );
}

/** One event: the same as a run of one (the consumer's fallback when a run fails). */
export const applyProjectEvent = (event: ConsumedEvent, tx: PoolClient): Promise<void> =>
  applyProjectEvents([event], tx);

/** The park a project event makes referenced: only a registration names one. */
function parkReferredBy({ event }: ConsumedEvent): string[] {
  switch (event.type) {
    case 'parkledger.project.registered.v1': {
      const parkId = event.payload.project?.parkId ?? '';
      if (parkId === '') throw new Error(`${event.type} without a park`);
      return [parkId];
    }
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
      return [];
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-made.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.entry-reversed.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
    case 'parkledger.fund.reinvestment-required.v1':
    case 'parkledger.policy.published.v1':
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.granted.v1':
    case 'parkledger.award.rejected.v1':
    case 'parkledger.award.paid.v1':
    case 'parkledger.award.revoked.v1':
    case 'parkledger.award.recaptured.v1':
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.checkpoint.signed.v1':
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.removed.v1':
    case 'parkledger.park.retired.v1':
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1':
    case 'parkledger.enterprise.milestone-recorded.v1':
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
      // not on the projects topic: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw new Error(`the registry's project references do not handle ${event.type}`);
  }
  return assertNever(event, 'event');
}
