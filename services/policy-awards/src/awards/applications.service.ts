import { Injectable } from '@nestjs/common';
import {
  type EvaluateApplicationRequestJson,
  type EvaluateApplicationResponseJson,
  type ReviewApplicationRequestJson,
  type ReviewApplicationResponseJson,
  type SubmitApplicationRequestJson,
  type SubmitApplicationResponseJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { FieldCheck, once, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { settledInCovered, show, type Evaluation } from '../evaluation/evaluate';
import { type FactValue, type PolicyDocument } from '../policies/policy-document';
import { PoliciesService } from '../policies/policies.service';
import { PolicyError } from '../policies/policy.errors';
import { assertAwardWriter, assertEvaluationReader, assertRunsPolicy, awardScopeOf } from './award-access';
import { awardJson, awardMessage, evaluationJson, evaluationMessage } from './award-json';
import { AwardWrites, awardNotFound } from './award-writes';
import { AwardError, AwardErrorCode } from './award.errors';
import { AwardsRepository, type AwardRow } from './awards.repository';
import { evaluateAward, grantUses, itemOf, lockForGrant } from './grant';
import { type Sql } from '../database/sql';

/** Applications: recorded with what the policy gives them then, evaluated again at will, and reviewed. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PoliciesService,
    private readonly awards: AwardsRepository,
    private readonly writes: AwardWrites,
  ) {}

  /**
   * Records an application for an item of the policy in force on the award date, with the
   * evaluation it gets then: an enterprise not settled in a covered park on that date is recorded,
   * refused for it, not turned away.
   */
  async submit(caller: Caller, request: SubmitApplicationRequestJson): Promise<SubmitApplicationResponseJson> {
    assertAwardWriter(caller);
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const policy = check.text('policy', request.policy, { max: 80 });
    if (policy !== undefined) assertRunsPolicy(caller, policy);
    check.text('item', request.item, { max: 20 });
    const awardOn = check.date('awardOn', request.awardOn) ?? '';
    const enterpriseId = request.enterpriseId ?? '';
    if (!isUuid(enterpriseId)) check.fail('enterpriseId', 'uuid', 'enterpriseId must be an enterprise id (a UUID)');
    const projectId = request.projectId ?? '';
    if (projectId !== '' && !isUuid(projectId))
      check.fail('projectId', 'uuid', 'projectId must be a project id (a UUID)');
    const facts = factsOf(check, request.factsJson ?? '');
    check.done();
    const id = uuidv7();
    return once(this.dataSource, caller, async (tx, writes) => {
      const { row, document } = await this.policies.inForce(tx, policy, awardOn);
      const award: AwardRow = {
        id,
        policy,
        policy_version: row.version,
        item: request.item ?? '',
        enterprise_id: enterpriseId,
        project_id: projectId === '' ? null : projectId,
        award_on: awardOn,
        currency: document.currency,
        facts: facts as Record<string, FactValue>,
        status: 'submitted',
        granted: '0',
        paid: '0',
        paid_on: null,
        recaptured: '0',
        reason: '',
        source: 'application',
        milestone_id: null,
        milestone: null,
        decided_by: null,
        tiers: [],
        version: '1',
      };
      const evaluation = evaluationJson(
        await this.evaluated(tx, document, award, row.version),
        document.currency,
        row.version,
      );
      this.writes.insert(writes, award, 'parkledger.award.applied.v1', {
        award: awardMessage(awardJson(award)),
        evaluation: evaluationMessage(evaluation),
      });
      return { award: awardJson(award), evaluation };
    });
  }

  /** What the policy gives the application now, against the awards standing; nothing is written. */
  async evaluate(caller: Caller, request: EvaluateApplicationRequestJson): Promise<EvaluateApplicationResponseJson> {
    assertEvaluationReader(caller);
    const id = request.id ?? '';
    const scope = awardScopeOf(caller);
    const award = isUuid(id) ? await this.awards.find(this.dataSource.manager, id, scope) : undefined;
    if (award === undefined) throw awardNotFound(id);
    const { row, document } = await this.policies.inForce(this.dataSource.manager, award.policy, award.award_on);
    const evaluation = await this.evaluated(this.dataSource.manager, document, award, row.version);
    return { evaluation: evaluationJson(evaluation, document.currency, row.version) };
  }

  /**
   * Grants a submitted application, in full or in part (with the reason), or rejects it (with the
   * reason). A grant evaluates again under the locks of everything it would use (the year's budget,
   * the item's limits), so two grants racing for the last of a cap get what each leaves the other,
   * and the database refuses any usage past a bound whatever runs.
   */
  async review(caller: Caller, request: ReviewApplicationRequestJson): Promise<ReviewApplicationResponseJson> {
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const decision = check.oneOf('decision', request.decision, ['grant', 'reject'] as const);
    const reason = request.reason ?? '';
    if (decision === 'reject' && reason.trim() === '') check.fail('reason', 'required', 'a rejection gives its reason');
    check.done();
    return this.writes.run(caller, request.id ?? '', ['submitted'], async ({ tx, award, writes, emit }) => {
      if (decision === 'reject') {
        // a rejection of what the policy gives is the reviewer's judgement; of nothing, the policy's
        const decided = (await this.proposal(tx, award)) > 0n ? 'reviewer' : 'policy';
        const rejected = emit(
          { ...award, status: 'rejected', reason, decided_by: decided },
          'parkledger.award.rejected.v1',
          (next) => ({ award: awardMessage(awardJson(next)), reason }),
        );
        return { award: awardJson(rejected) };
      }
      const { row, document } = await this.policies.inForce(tx, award.policy, award.award_on);
      const item = itemOf(document, award, row.version);
      await lockForGrant(tx, this.awards, document, item, award);
      const evaluation = await this.evaluated(tx, document, award, row.version);
      if (evaluation.amount === 0n) {
        throw new AwardError(
          AwardErrorCode.LimitReached,
          ErrorKind.Conflict,
          `nothing to grant: ${evaluation.reason}`,
          [{ field: 'decision', rule: 'nothing-to-grant', message: evaluation.reason }],
        );
      }
      const amount = grantedAmount(request, evaluation, document.currency);
      const why = amount < evaluation.amount ? reason : evaluation.reason;
      const granted = emit(
        {
          ...award,
          status: 'granted',
          granted: amount.toString(),
          reason: why,
          tiers: evaluation.tiers,
          policy_version: row.version,
          decided_by: amount < evaluation.amount ? 'reviewer' : 'policy',
        },
        'parkledger.award.granted.v1',
        (next) => ({
          award: awardMessage(awardJson(next)),
          evaluation: evaluationMessage(evaluationJson(evaluation, document.currency, row.version)),
          amount: { minorUnits: amount, currency: document.currency },
        }),
      );
      writes.push(...grantUses(this.awards, document, item, award, evaluation, amount));
      return { award: awardJson(granted), evaluation: evaluationJson(evaluation, document.currency, row.version) };
    });
  }

  /**
   * What the policy in force gives the award now, unlocked: 0 where it gives nothing, or can't read
   * it (a version published since without its item or with other facts). Only tells a rejection
   * that is the reviewer's judgement from one that is the policy's.
   */
  private async proposal(executor: Sql, award: AwardRow): Promise<bigint> {
    const { row, document } = await this.policies.inForce(executor, award.policy, award.award_on);
    const eligible = await this.eligible(executor, document, award);
    try {
      return (await evaluateAward(executor, this.awards, document, award, row.version, eligible === true)).amount;
    } catch (error) {
      if (error instanceof PolicyError) return 0n;
      throw error;
    }
  }

  /** The application evaluated against what stands, eligible if settled in a covered park on the award date. */
  private async evaluated(executor: Sql, document: PolicyDocument, award: AwardRow, version: number) {
    const settled = await this.eligible(executor, document, award);
    if (settled === undefined) {
      const message = `the registry has settled no enterprise ${award.enterprise_id} in any park`;
      throw new AwardError(AwardErrorCode.EnterpriseUnknown, ErrorKind.Invalid, message, [
        { field: 'enterpriseId', rule: 'known-enterprise', message },
      ]);
    }
    return evaluateAward(executor, this.awards, document, award, version, settled);
  }

  /**
   * Whether the award's enterprise was settled in a park the policy covers on the award date: for a
   * milestone's award, where its event said (as when it was given); else as the read model has it,
   * undefined when it has the enterprise settled nowhere.
   */
  private async eligible(executor: Sql, document: PolicyDocument, award: AwardRow): Promise<boolean | undefined> {
    if (award.milestone !== null) return settledInCovered(document.parks, award.milestone.settledIn);
    return this.awards.settledWithin(executor, award.enterprise_id, award.award_on, document.parks);
  }
}

/** The facts as a JSON object, or the field's problem. */
function factsOf(check: FieldCheck, text: string): Record<string, unknown> {
  try {
    const facts: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof facts === 'object' && facts !== null && !Array.isArray(facts)) return facts as Record<string, unknown>;
  } catch {
    // reported below
  }
  check.fail('facts', 'json-object', "facts must be a JSON object of the item's facts");
  return {};
}

/** What the reviewer grants: the evaluation's amount, or less with a reason; never more. */
function grantedAmount(request: ReviewApplicationRequestJson, evaluation: Evaluation, currency: string): bigint {
  const given = request.amount?.minorUnits;
  if (given === undefined || given === '') return evaluation.amount;
  const amount = /^\d{1,19}$/.test(given) ? BigInt(given) : 0n;
  const problem =
    request.amount?.currency !== currency
      ? `the amount is in ${currency}`
      : amount <= 0n || amount > evaluation.amount
        ? `a grant is above 0 and at most the ${show(evaluation.amount, currency)} the evaluation gives`
        : amount < evaluation.amount && (request.reason ?? '').trim() === ''
          ? 'a grant in part gives its reason'
          : undefined;
  if (problem !== undefined) {
    throw new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, problem, [
      { field: 'amount', rule: 'grant-amount', message: problem },
    ]);
  }
  return amount;
}
