import { Injectable } from '@nestjs/common';
import {
  moneyJson,
  type SimulatePolicyRequestJson,
  type SimulatePolicyResponseJson,
  type SimulatedFiguresJson,
} from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { assertAwardWriter, assertRunsPolicy } from '../awards/award-access';
import { AwardError, AwardErrorCode } from '../awards/award.errors';
import { readOnly } from '../database/read-only';
import { PoliciesRepository } from '../policies/policies.repository';
import { documentJson, policyUnknown } from '../policies/policies.service';
import { parsePolicyDocument, type PolicyDocument } from '../policies/policy-document';
import { PolicyError, PolicyErrorCode } from '../policies/policy.errors';
import { type Figures, replay } from './replay';
import { SimulationRepository } from './simulation.repository';

/** The most cases one simulation replays: a narrower period answers a larger policy. */
const MAX_CASES = 50_000;
/** The most changed cases an answer lists (counts.changed has them all). */
const LISTED_CHANGES = 200;

/**
 * "What if the policy had said this?": a draft policy, or a published version, replayed over the
 * cases of a period the service recorded, against what was granted. Nothing is written: it runs in a
 * read-only transaction, and the replay itself is pure.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PoliciesRepository,
    private readonly simulation: SimulationRepository,
  ) {}

  /** Admins, and policy officers of the policy; the draft is read as a publication reads it, its problems named under `document.` */
  async simulate(caller: Caller, request: SimulatePolicyRequestJson): Promise<SimulatePolicyResponseJson> {
    assertAwardWriter(caller);
    const text = request.documentJson ?? '';
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const from = check.date('from', request.from) ?? '';
    const to = check.date('to', request.to) ?? '';
    if (from !== '' && to !== '' && to < from) check.fail('to', 'on-or-after-from', `to is before from (${from})`);
    const policy = request.policy ?? '';
    const versionText = request.version ?? '';
    let versionNumber = 0;
    if (text !== '') {
      const both = 'give a draft document, or a published policy and version to re-run, not both';
      if (policy !== '') check.fail('policy', 'document-or-version', both);
      if (versionText !== '' && versionText !== '0') check.fail('version', 'document-or-version', both);
    } else {
      if (policy === '') check.fail('policy', 'required', 'policy is required to re-run a published version');
      if (versionText !== '' && !/^\d{1,9}$/.test(versionText)) {
        check.fail('version', 'integer', 'version must be a version number, or 0 for the latest');
      } else versionNumber = Number(versionText === '' ? '0' : versionText);
    }
    check.done();
    const draft = text === '' ? undefined : draftOf(text);
    assertRunsPolicy(caller, draft?.policy ?? policy);

    return readOnly(this.dataSource, async (tx) => {
      let document = draft;
      let version = 0;
      if (document === undefined) {
        const row = await this.policies.version(tx, policy, versionNumber);
        if (row === undefined) throw policyUnknown(policy, versionNumber, versionNumber === 0 ? 'policy' : 'version');
        document = parsePolicyDocument(row.document);
        version = row.version;
      }
      const period = { from, to };
      const { cases, currencies } = await this.simulation.cases(
        tx,
        document.policy,
        period,
        document.parks,
        MAX_CASES + 1,
      );
      if (cases.length > MAX_CASES) {
        const message = `the period holds more than the ${MAX_CASES} cases one simulation replays: narrow it`;
        throw new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: 'from', rule: 'max-cases', message },
        ]);
      }
      const other = currencies.find((currency) => currency !== document.currency);
      if (other !== undefined) {
        const message = `the policy's awards of the period are in ${other}; the ${draft === undefined ? 'version' : 'draft'} is in ${document.currency}`;
        throw new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: draft === undefined ? 'version' : 'document.currency', rule: 'currency', message },
        ]);
      }
      const before = await this.simulation.standingBefore(tx, document.policy, from);
      const result = replay(document, { before, cases }, { from, to });
      const money = (amount: bigint) => moneyJson(amount, document.currency);
      const figures = (f: Figures): SimulatedFiguresJson => ({
        actual: money(f.actual),
        simulated: money(f.simulated),
        difference: money(f.simulated - f.actual),
        actualAwards: String(f.actualAwards),
        simulatedAwards: String(f.simulatedAwards),
      });
      return {
        policy: document.policy,
        policyVersion: String(version),
        from,
        to,
        currency: document.currency,
        total: figures(result.total),
        byItem: result.byItem.map(({ item, figures: f }) => ({ item, figures: figures(f) })),
        byEnterprise: result.byEnterprise.map(({ enterprise, figures: f }) => ({
          enterpriseId: enterprise,
          figures: figures(f),
        })),
        budget: result.budget.map((year) => ({
          year: String(year.year),
          budget: money(year.budget),
          actualUsed: money(year.actualUsed),
          simulatedUsed: money(year.simulatedUsed),
          difference: money(year.simulatedUsed - year.actualUsed),
          simulatedRemaining: money(year.budget - year.simulatedUsed),
        })),
        counts: {
          cases: String(result.counts.cases),
          evaluated: String(result.counts.evaluated),
          pending: String(result.counts.pending),
          revoked: String(result.counts.revoked),
          reviewerRejected: String(result.counts.reviewerRejected),
          newCases: String(result.counts.newCases),
          changed: String(result.counts.changed),
        },
        changed: result.cases
          .filter((c) => c.actual !== c.simulated)
          .slice(0, LISTED_CHANGES)
          .map((c) => ({
            awardId: c.awardId ?? '',
            milestoneId: c.milestoneId ?? '',
            item: c.item,
            enterpriseId: c.enterprise,
            awardOn: c.awardOn,
            actualStatus: c.status ?? '',
            actual: money(c.actual),
            simulatedOutcome: c.outcome,
            simulated: money(c.simulated),
            difference: money(c.simulated - c.actual),
            reason: c.reason,
          })),
      };
    });
  }
}

/** The draft, read as a publication reads it: a 422 naming each problem by its path under `document`. */
function draftOf(text: string): PolicyDocument {
  try {
    return parsePolicyDocument(documentJson(text));
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    const under = (field: string) =>
      field === 'document' || field === '(document)' ? 'document' : `document.${field}`;
    throw new PolicyError(
      PolicyErrorCode.InvalidDocument,
      ErrorKind.Invalid,
      error.message,
      error.fields.map((problem) => ({ ...problem, field: under(problem.field) })),
    );
  }
}
