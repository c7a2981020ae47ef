import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { standing } from '../journal/journal.repository';

/** The queries behind a fund's figures that balances alone don't answer. */
@Injectable()
export class ReportsRepository {
  /** Investments made by the date and not reversed by then: how many, and their cost when made. */
  async invested(executor: EntityManager, fundId: string, asOf: string): Promise<{ count: string; cost: string }> {
    const rows: { count: string; cost: string }[] = await executor.query(
      `SELECT count(*)::text AS count, coalesce(sum(i.cost), 0)::text AS cost FROM investments i
        WHERE i.fund_id = $1 AND i.made_on <= $2 AND ${standing('i.entry_id', '$2')}`,
      [fundId, asOf],
    );
    return rows[0] ?? { count: '0', cost: '0' };
  }

  /**
   * Of the investments made by the date and not reversed by then, the cost of those in
   * returnee-founded enterprises: the enterprise itself, or the enterprise of the project.
   */
  async returneeFounded(executor: EntityManager, fundId: string, asOf: string): Promise<bigint> {
    const rows: { cost: string }[] = await executor.query(
      `SELECT coalesce(sum(i.cost), 0)::text AS cost FROM investments i
         LEFT JOIN known_projects p ON i.target_kind = 'project' AND p.id = i.target_id
         JOIN known_enterprises e
           ON e.id = CASE WHEN i.target_kind = 'enterprise' THEN i.target_id ELSE p.enterprise_id END
        WHERE i.fund_id = $1 AND i.made_on <= $2 AND e.returnee_founded AND ${standing('i.entry_id', '$2')}`,
      [fundId, asOf],
    );
    return BigInt(rows[0]?.cost ?? '0');
  }

  /**
   * The cash exits brought in by the date, their reversals counted against them: the exits and the
   * reversals of the fund are found by their operation (an index), not among all its entries.
   */
  async proceeds(executor: EntityManager, fundId: string, asOf: string): Promise<bigint> {
    const rows: { sum: string }[] = await executor.query(
      `SELECT coalesce(sum(p.amount), 0)::text AS sum
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id AND p.account = 'cash'
        WHERE e.fund_id = $1 AND e.effective_on <= $2
          AND (e.operation = 'exit'
               OR e.operation = 'reverse' AND EXISTS (SELECT 1 FROM journal_entries o WHERE o.id = e.reverses AND o.operation = 'exit'))`,
      [fundId, asOf],
    );
    return BigInt(rows[0]?.sum ?? '0');
  }

  /**
   * The partners' flows per day, as they see them, from the net per account per day: contributions
   * out (< 0: what the day added to paid-in, which is minus the day's change of the commitment,
   * unfunded and receivable accounts together; a commitment or a call moves none of it) and
   * distributions in (> 0: the day's change of the distributed accounts). As many rows as days.
   */
  async partnerFlows(executor: EntityManager, fundId: string, asOf: string): Promise<{ on: string; amount: bigint }[]> {
    // the partners' accounts named one by one, so the days are read by their key, not filtered from all the fund's
    const rows: { on: string; amount: string }[] = await executor.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS on, sum(d.net)::text AS amount
         FROM partners p
         CROSS JOIN LATERAL unnest(ARRAY['commitment:', 'unfunded:', 'receivable:', 'distributed:']) AS kind (prefix)
         JOIN account_days d ON d.fund_id = p.fund_id AND d.account = kind.prefix || p.id AND d.day <= $2
        WHERE p.fund_id = $1
        GROUP BY d.day HAVING sum(d.net) <> 0 ORDER BY d.day`,
      [fundId, asOf],
    );
    return rows.map((row) => ({ on: row.on, amount: BigInt(row.amount) }));
  }
}
