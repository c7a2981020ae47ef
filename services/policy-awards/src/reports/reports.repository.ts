import { Injectable } from '@nestjs/common';
import { regionCte } from '@parkledger/service-kit';
import { type AwardScope } from '../awards/award-access';
import { inScope } from '../awards/awards.repository';
import { type Sql } from '../database/sql';
import { type AwardGroupRow } from './award-figures';
import { type CapUsageRow } from './cap-figures';

/** What the reports read of the awards service's own tables. */
@Injectable()
export class ReportsRepository {
  /**
   * The policy's awards the scope shows, of a year of award dates (0: every year), counted by
   * status and summed, grouped by item, enterprise and currency.
   */
  async awardGroups(executor: Sql, policy: string, year: number, scope: AwardScope): Promise<AwardGroupRow[]> {
    const shown = inScope(scope, 3);
    return executor.query(
      `${shown.cte}
       SELECT item, enterprise_id::text AS enterprise_id, currency::text AS currency,
              count(*) FILTER (WHERE status = 'submitted')::text AS submitted,
              count(*) FILTER (WHERE status IN ('granted', 'paid'))::text AS granted,
              count(*) FILTER (WHERE status = 'paid')::text AS paid,
              count(*) FILTER (WHERE status = 'rejected')::text AS rejected,
              count(*) FILTER (WHERE status = 'revoked')::text AS revoked,
              count(*) FILTER (WHERE recaptured > 0)::text AS recaptured,
              coalesce(sum(granted) FILTER (WHERE status IN ('granted', 'paid')), 0)::text AS granted_amount,
              coalesce(sum(paid), 0)::text AS paid_amount,
              coalesce(sum(recaptured), 0)::text AS recaptured_amount,
              coalesce(sum(granted) FILTER (WHERE status = 'revoked'), 0)::text AS revoked_amount
         FROM awards
        WHERE policy = $1
          AND ($2::int = 0 OR (award_on >= make_date($2::int, 1, 1) AND award_on < make_date($2::int + 1, 1, 1)))
          AND ${shown.where}
        GROUP BY item, enterprise_id, currency`,
      [policy, year, ...shown.params],
    );
  }

  /** What the awards standing use of the policy's caps kept for keys that hold the enterprise. */
  async capUsage(executor: Sql, policy: string, enterpriseId: string): Promise<CapUsageRow[]> {
    return executor.query(
      `SELECT item, "limit", key, used::text AS used FROM limit_usage
        WHERE policy = $1 AND "limit" LIKE 'cap:%' AND key::jsonb @> jsonb_build_array($2::text)`,
      [policy, enterpriseId],
    );
  }

  /** What the awards standing of each year use of the policy's budget. */
  async budgetUsage(executor: Sql, policy: string): Promise<Map<number, bigint>> {
    const rows: { year: number; used: string }[] = await executor.query(
      'SELECT year, used::text AS used FROM budget_usage WHERE policy = $1',
      [policy],
    );
    return new Map(rows.map((row) => [row.year, BigInt(row.used)]));
  }

  /**
   * Whether the enterprise is one the awards service knows: settled somewhere, by its read model,
   * or given an award of the policy. With parks: settled in one of them or below, at some time in
   * the year.
   */
  async enterpriseKnown(
    executor: Sql,
    policy: string,
    enterpriseId: string,
    within: { parks: readonly string[]; year: number } | null,
  ): Promise<boolean> {
    if (within === null) {
      const rows: { known: boolean }[] = await executor.query(
        `SELECT EXISTS (SELECT 1 FROM known_settlements WHERE enterprise_id = $1)
             OR EXISTS (SELECT 1 FROM awards WHERE policy = $2 AND enterprise_id = $1) AS known`,
        [enterpriseId, policy],
      );
      return rows[0]?.known === true;
    }
    const rows: { known: boolean }[] = await executor.query(
      `WITH RECURSIVE ${regionCte('$2')}
       SELECT EXISTS (SELECT 1 FROM known_settlements s JOIN region r ON r.id = s.park_id
                       WHERE s.enterprise_id = $1 AND s.settled_on <= make_date($3::int, 12, 31)
                         AND (s.left_on IS NULL OR s.left_on > make_date($3::int, 1, 1))) AS known`,
      [enterpriseId, within.parks, within.year],
    );
    return rows[0]?.known === true;
  }
}
