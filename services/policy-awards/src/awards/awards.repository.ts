import { Injectable } from '@nestjs/common';
import { type Statement } from '@parkledger/messaging';
import { regionCte } from '@parkledger/service-kit';
import { type StandingAward } from '../evaluation/evaluate';
import { type FactValue } from '../policies/policy-document';
import { type AwardScope } from './award-access';
import { type UsageChange } from './usage';
import { type Sql } from '../database/sql';

export type AwardStatus = 'submitted' | 'granted' | 'rejected' | 'paid' | 'revoked';

/** A milestone as its event carried it, kept on the awards it gave. */
export interface MilestoneSnapshot {
  kind: string;
  facts: Record<string, FactValue>;
  /** the parks the enterprise was settled in on the day, and every park above them */
  settledIn: string[];
}

export interface AwardRow {
  id: string;
  policy: string;
  policy_version: number;
  item: string;
  enterprise_id: string;
  project_id: string | null;
  award_on: string;
  currency: string;
  facts: Record<string, FactValue>;
  status: AwardStatus;
  granted: string;
  paid: string;
  /** the day it was paid; null until then (and for awards paid before it was kept) */
  paid_on: string | null;
  recaptured: string;
  reason: string;
  source: 'application' | 'milestone';
  /** the registry's milestone that gave it, for source milestone */
  milestone_id: string | null;
  /** for source milestone: the milestone as its event carried it; null for an application and for awards given before it was kept */
  milestone: MilestoneSnapshot | null;
  /**
   * who set the outcome: the policy's evaluation, or a reviewer's judgement (a rejection of what the
   * policy gives, a grant below it); null while submitted
   */
  decided_by: 'policy' | 'reviewer' | null;
  tiers: number[];
  version: string;
}

const COLUMNS = `id, policy, policy_version, item, enterprise_id, project_id,
  to_char(award_on, 'YYYY-MM-DD') AS award_on, currency, facts, status, granted::text AS granted,
  paid::text AS paid, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, recaptured::text AS recaptured, reason, source, milestone_id, milestone, decided_by, tiers, version::text AS version`;

@Injectable()
export class AwardsRepository {
  insert(award: AwardRow): Statement {
    return {
      text: `INSERT INTO awards (id, policy, policy_version, item, enterprise_id, project_id, award_on, currency, facts,
                                 status, reason, source, milestone_id, version, granted, tiers, milestone, decided_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      params: [
        award.id,
        award.policy,
        award.policy_version,
        award.item,
        award.enterprise_id,
        award.project_id,
        award.award_on,
        award.currency,
        JSON.stringify(award.facts),
        award.status,
        award.reason,
        award.source,
        award.milestone_id,
        award.version,
        award.granted,
        award.tiers,
        award.milestone === null ? null : JSON.stringify(award.milestone),
        award.decided_by,
      ],
    };
  }

  /** The award's state after a step, its version moved on by the caller. */
  update(award: AwardRow): Statement {
    return {
      text: `UPDATE awards SET status = $2, granted = $3, paid = $4, recaptured = $5, reason = $6, tiers = $7, version = $8,
                               decided_by = $9, paid_on = $10
              WHERE id = $1`,
      params: [
        award.id,
        award.status,
        award.granted,
        award.paid,
        award.recaptured,
        award.reason,
        award.tiers,
        award.version,
        award.decided_by,
        award.paid_on,
      ],
    };
  }

  /** The award, if the scope shows it. */
  async find(executor: Sql, id: string, scope: AwardScope): Promise<AwardRow | undefined> {
    const shown = inScope(scope, 2);
    const rows: AwardRow[] = await executor.query(
      `${shown.cte} SELECT ${COLUMNS} FROM awards WHERE id = $1 AND ${shown.where}`,
      [id, ...shown.params],
    );
    return rows[0];
  }

  /** Whether the milestone has given the policy's item an award already (granted, proposed or refused). */
  async givenFor(executor: Sql, milestoneId: string, policy: string, item: string): Promise<boolean> {
    const rows: unknown[] = await executor.query(
      'SELECT 1 FROM awards WHERE milestone_id = $1 AND policy = $2 AND item = $3',
      [milestoneId, policy, item],
    );
    return rows.length > 0;
  }

  /** The award, locked for a step of its lifecycle. */
  async take(tx: Sql, id: string): Promise<AwardRow | undefined> {
    const rows: AwardRow[] = await tx.query(`SELECT ${COLUMNS} FROM awards WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /**
   * The awards of an item that stand (granted or paid), at what they stand (granted less recaptured):
   * of one enterprise, or (null) of every one.
   */
  async standing(executor: Sql, policy: string, item: string, enterprise: string | null): Promise<StandingAward[]> {
    const rows: {
      enterprise_id: string;
      award_on: string;
      facts: Record<string, FactValue>;
      amount: string;
      tiers: number[];
    }[] = await executor.query(
      `SELECT enterprise_id, to_char(award_on, 'YYYY-MM-DD') AS award_on, facts, (granted - recaptured)::text AS amount, tiers
           FROM awards WHERE policy = $1 AND item = $2 AND status IN ('granted', 'paid')
            AND ($3::uuid IS NULL OR enterprise_id = $3)`,
      [policy, item, enterprise],
    );
    return rows.map((row) => ({
      item,
      enterprise: row.enterprise_id,
      awardOn: row.award_on,
      facts: row.facts,
      amount: BigInt(row.amount),
      tiers: row.tiers,
    }));
  }

  /** What the policy's awards of the year use of its budget, unlocked: for an evaluation that writes nothing. */
  async budgetUsed(executor: Sql, policy: string, year: number): Promise<bigint> {
    const rows: { used: string }[] = await executor.query(
      'SELECT used::text AS used FROM budget_usage WHERE policy = $1 AND year = $2',
      [policy, year],
    );
    return BigInt(rows[0]?.used ?? '0');
  }

  /**
   * Locks what an application's grant would move: the year's budget row of the policy, then the
   * usage rows of its limits in key order (each made at 0 if missing), so grants that share any of
   * them queue one after another and each evaluates what the one before left. Answers the budget used.
   * A revocation or a recapture takes the same locks in the same order (budget null: its row exists).
   */
  async lockUsage(
    tx: Sql,
    policy: string,
    item: string,
    year: number,
    budget: bigint | null,
    rows: readonly UsageChange[],
  ): Promise<bigint> {
    if (budget !== null) {
      await tx.query(
        'INSERT INTO budget_usage (policy, year, budget, used) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING',
        [policy, year, budget],
      );
    }
    const used: { used: string }[] = await tx.query(
      'SELECT used::text AS used FROM budget_usage WHERE policy = $1 AND year = $2 FOR UPDATE',
      [policy, year],
    );
    if (rows.length === 0) return BigInt(used[0]?.used ?? '0'); // an item without limits: nothing more to lock
    await tx.query(
      `INSERT INTO limit_usage (policy, item, "limit", key, bound, used)
       SELECT $1, $2, c.lim, c.key, c.bound, 0 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS c (lim, key, bound, delta)
       ON CONFLICT DO NOTHING`,
      [policy, item, ...columns(rows)],
    );
    await tx.query(
      `SELECT 1 FROM limit_usage u JOIN unnest($3::text[], $4::text[]) AS c (lim, key) ON u."limit" = c.lim AND u.key = c.key
        WHERE u.policy = $1 AND u.item = $2 ORDER BY u."limit", u.key FOR UPDATE OF u`,
      [policy, item, rows.map((r) => r.limit), rows.map((r) => r.key)],
    );
    return BigInt(used[0]?.used ?? '0');
  }

  /**
   * What a grant adds to the usage of the item's limits and of the year's budget, the rows made
   * where missing with the bounds of the version it was granted under. The database refuses a
   * usage past its bound (limit_usage_within_bound, budget_usage_within_budget), whatever ran before.
   */
  use(
    policy: string,
    item: string,
    year: number,
    budget: bigint,
    changes: readonly UsageChange[],
    spent: bigint,
  ): Statement[] {
    return [
      {
        text: `INSERT INTO limit_usage (policy, item, "limit", key, bound, used)
               SELECT $1, $2, c.lim, c.key, c.bound, c.delta
                 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS c (lim, key, bound, delta)
               ON CONFLICT (policy, item, "limit", key)
               DO UPDATE SET used = limit_usage.used + EXCLUDED.used, bound = EXCLUDED.bound`,
        params: [policy, item, ...columns(changes)],
      },
      {
        text: `INSERT INTO budget_usage (policy, year, budget, used) VALUES ($1, $2, $3, $4)
               ON CONFLICT (policy, year) DO UPDATE SET used = budget_usage.used + $4, budget = EXCLUDED.budget`,
        params: [policy, year, budget, spent],
      },
    ];
  }

  /** What a revocation or a recapture gives back of the limits (each change's delta, below 0) and of the year's budget. */
  release(policy: string, item: string, year: number, changes: readonly UsageChange[], amount: bigint): Statement[] {
    return [
      {
        text: `UPDATE limit_usage u SET used = u.used + c.delta
                 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS c (lim, key, bound, delta)
                WHERE u.policy = $1 AND u.item = $2 AND u."limit" = c.lim AND u.key = c.key`,
        params: [policy, item, ...columns(changes)],
      },
      {
        text: 'UPDATE budget_usage SET used = used - $3 WHERE policy = $1 AND year = $2',
        params: [policy, year, amount],
      },
    ];
  }

  /** Whether the enterprise is settled, on the date, in one of the parks or below them; undefined when it is settled nowhere known. */
  async settledWithin(
    executor: Sql,
    enterpriseId: string,
    on: string,
    parks: readonly string[],
  ): Promise<boolean | undefined> {
    const rows: { known: boolean; within: boolean }[] = await executor.query(
      `WITH RECURSIVE ${regionCte('$3')}
       SELECT EXISTS (SELECT 1 FROM known_settlements WHERE enterprise_id = $1) AS known,
              EXISTS (SELECT 1 FROM known_settlements s JOIN region r ON r.id = s.park_id
                       WHERE s.enterprise_id = $1 AND s.settled_on <= $2 AND (s.left_on IS NULL OR s.left_on > $2)) AS within`,
      [enterpriseId, on, parks],
    );
    const row = rows[0];
    return row?.known === true ? row.within : undefined;
  }

  async list(
    executor: Sql,
    scope: AwardScope,
    filter: { policy: string; enterpriseId: string; item: string; status: string },
    page: { after: string | undefined; limit: number },
  ): Promise<AwardRow[]> {
    const shown = inScope(scope, 7);
    return executor.query(
      `${shown.cte} SELECT ${COLUMNS} FROM awards
        WHERE ($1::uuid IS NULL OR id > $1) AND ($2 = '' OR policy = $2) AND ($3 = '' OR enterprise_id::text = $3)
          AND ($4 = '' OR item = $4) AND ($5 = '' OR status = $5) AND ${shown.where}
        ORDER BY id LIMIT $6`,
      [
        page.after ?? null,
        filter.policy,
        filter.enterpriseId,
        filter.item,
        filter.status,
        page.limit + 1,
        ...shown.params,
      ],
    );
  }
}

const columns = (changes: readonly UsageChange[]) => [
  changes.map((c) => c.limit),
  changes.map((c) => c.key),
  changes.map((c) => c.bound.toString()),
  changes.map((c) => c.delta.toString()),
];

/** What a scope shows, as a condition on `awards` (and the CTE it needs), its parameters from $n on. */
export function inScope(scope: AwardScope, n: number): { cte: string; where: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { cte: '', where: 'true', params: [] };
    case 'policies':
      return { cte: '', where: `awards.policy = ANY ($${n}::text[])`, params: [scope.policies] };
    case 'parks':
      return {
        cte: `WITH RECURSIVE ${regionCte(`$${n}`)}`,
        where: `EXISTS (SELECT 1 FROM known_settlements s JOIN region r ON r.id = s.park_id
                         WHERE s.enterprise_id = awards.enterprise_id AND s.settled_on <= awards.award_on
                           AND (s.left_on IS NULL OR s.left_on > awards.award_on))`,
        params: [scope.parks],
      };
  }
}
