import { EVENTS, type EnterpriseMilestoneRecorded } from '@parkledger/contracts';
import { asOneStatement, type ConsumedEvent, type Statement } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { type PoolClient } from 'pg';
import { awardJson, awardMessage, evaluationJson, evaluationMessage } from '../awards/award-json';
import { type AwardEvent, type AwardWrites } from '../awards/award-writes';
import { type AwardRow, type AwardsRepository } from '../awards/awards.repository';
import { evaluateAward, grantUses, lockForGrant } from '../awards/grant';
import { type Sql, sqlOf } from '../database/sql';
import { settledInCovered } from '../evaluation/evaluate';
import { triggeredFacts } from '../evaluation/trigger';
import { type PoliciesRepository } from '../policies/policies.repository';
import { type FactValue, parsePolicyDocument, type PolicyDocument, type PolicyItem } from '../policies/policy-document';

/** The registry's topic whose milestones give awards with no application (免申即享). */
export const MILESTONE_TOPICS = ['parkledger.enterprises.v1'];

/**
 * Awards without applying: a milestone recorded in an enterprise's file gives each item that names
 * it as its trigger, under every policy in force on the milestone's date, an award with no
 * application. An item whose mode is `grant` is granted at once when an admin or an officer of the
 * policy recorded the milestone; one whose mode is `confirm`, or recorded by another policy's
 * officer, is proposed (submitted) for a policy officer to grant in one step; a case that gives nothing
 * (not eligible, a limit or the budget used up) is recorded as rejected with its reason, never
 * dropped. Eligibility is read from the event, which carries the parks the enterprise was settled in
 * that day, so it needs no wait for the settlements topic. One milestone gives one award per item:
 * the inbox absorbs a redelivery, and a unique index the rest.
 */
export class MilestoneAwards {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly awards: AwardsRepository,
    private readonly writes: AwardWrites,
  ) {}

  /** Applies one event of the enterprises topic in its inbox transaction; only milestones give anything. */
  async apply({ event }: ConsumedEvent, client: PoolClient): Promise<void> {
    if (event.type === 'parkledger.enterprise.milestone-recorded.v1') return this.milestone(event.payload, client);
    if (EVENTS[event.type].topic !== 'parkledger.enterprises.v1') {
      // not on the topic it reads: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw new Error(`the awards service's milestone consumer does not handle ${event.type}`);
    }
  }

  private async milestone(recorded: EnterpriseMilestoneRecorded, client: PoolClient): Promise<void> {
    const milestone = recorded.milestone;
    if (milestone === undefined) throw new Error('parkledger.enterprise.milestone-recorded.v1 without a milestone');
    const facts = JSON.parse(milestone.factsJson) as Record<string, FactValue>;
    const sql = sqlOf(client);
    for (const row of await this.policies.allInForce(sql, milestone.achievedOn)) {
      const document = parsePolicyDocument(row.document);
      const eligible = settledInCovered(document.parks, recorded.settledIn);
      for (const item of document.items) {
        if (item.trigger?.milestone !== milestone.kind) continue;
        const itemFacts = triggeredFacts(item.trigger, Object.keys(item.facts), facts);
        if (itemFacts === undefined) continue;
        if (await this.awards.givenFor(sql, milestone.id, document.policy, item.id)) continue;
        const award: AwardRow = {
          id: uuidv7(),
          policy: document.policy,
          policy_version: row.version,
          item: item.id,
          enterprise_id: milestone.enterpriseId,
          project_id: milestone.projectId === '' ? null : milestone.projectId,
          award_on: milestone.achievedOn,
          currency: document.currency,
          facts: itemFacts,
          status: 'submitted',
          granted: '0',
          paid: '0',
          paid_on: null,
          recaptured: '0',
          reason: '',
          source: 'milestone',
          milestone_id: milestone.id,
          milestone: { kind: milestone.kind, facts, settledIn: recorded.settledIn },
          decided_by: null,
          tiers: [],
          version: '1',
        };
        // a policy officer's milestone grants at once only under a policy it runs: under another
        // it is proposed, for that policy's officers to confirm
        const granting =
          item.trigger.mode === 'grant' &&
          (recorded.recorderRole === 'admin' || recorded.recorderPolicies.includes(document.policy));
        const { text, params } = asOneStatement(await this.decide(sql, document, item, award, eligible, granting));
        await client.query(text, params);
      }
    }
  }

  /**
   * The award recorded with its evaluation, then granted, left proposed or rejected, with the
   * statements that say so. A grant evaluates under the locks of what it uses, as a reviewed one does.
   */
  private async decide(
    sql: Sql,
    document: PolicyDocument,
    item: PolicyItem,
    award: AwardRow,
    eligible: boolean,
    granting: boolean,
  ): Promise<Statement[]> {
    if (granting) await lockForGrant(sql, this.awards, document, item, award);
    const evaluation = await evaluateAward(sql, this.awards, document, award, award.policy_version, eligible);
    const evaluated = evaluationJson(evaluation, document.currency, award.policy_version);
    const applied: AwardEvent = {
      award,
      type: 'parkledger.award.applied.v1',
      payload: { award: awardMessage(awardJson(award)), evaluation: evaluationMessage(evaluated) },
    };
    if (evaluation.amount === 0n) {
      // one statement can't insert a row and update it: the row goes in as it ends, each event at its version
      const rejected: AwardRow = {
        ...award,
        status: 'rejected',
        reason: evaluation.reason,
        decided_by: 'policy',
        version: '2',
      };
      const event: AwardEvent = {
        award: rejected,
        type: 'parkledger.award.rejected.v1',
        payload: { award: awardMessage(awardJson(rejected)), reason: rejected.reason },
      };
      return [this.awards.insert(rejected), this.writes.events([applied, event])];
    }
    if (!granting) return [this.awards.insert(award), this.writes.events([applied])];
    const { amount } = evaluation;
    const granted: AwardRow = {
      ...award,
      status: 'granted',
      granted: amount.toString(),
      reason: evaluation.reason,
      tiers: evaluation.tiers,
      decided_by: 'policy',
      version: '2',
    };
    const event: AwardEvent = {
      award: granted,
      type: 'parkledger.award.granted.v1',
      payload: {
        award: awardMessage(awardJson(granted)),
        evaluation: evaluationMessage(evaluated),
        amount: { minorUnits: amount, currency: document.currency },
      },
    };
    return [
      this.awards.insert(granted),
      // one statement: the applied event's row numbered before the granted one's, as the relay must publish them
      this.writes.events([applied, event]),
      ...grantUses(this.awards, document, item, award, evaluation, amount),
    ];
  }
}
