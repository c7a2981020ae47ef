import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** An entry counts as of a date until a reversal dated on or before it undoes it. */
const standingAsOf = (entry: string) =>
  `NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses = ${entry} AND r.effective_on <= $2)`;

/** The cash postings of one kind of operation, its reversals counted against it. */
const cashOf = (operations: string) => `
  SELECT e.effective_on, p.amount FROM journal_entries e
    JOIN postings p ON p.entry_id = e.id AND p.account = 'cash'
    LEFT JOIN journal_entries o ON o.id = e.reverses
   WHERE e.fund_id = $1 AND e.effective_on <= $2 AND coalesce(o.operation, e.operation) IN (${operations})`;

/** The queries behind a fund's figures that balances alone don't answer. */
@Injectable()
export class ReportsRepository {
  /** Investments made by the date and not reversed by then: how many, and their cost when made. */
  async invested(executor: EntityManager, fundId: string, asOf: string): Promise<{ count: string; cost: string }> {
    const rows: { count: string; cost: string }[] = await executor.query(
      `SELECT count(*)::text AS count, coalesce(sum(i.cost), 0)::text AS cost FROM investments i
        WHERE i.fund_id = $1 AND i.made_on <= $2 AND ${standingAsOf('i.entry_id')}`,
      [fundId, asOf],
    );
    return rows[0] ?? { count: '0', cost: '0' };
  }

  /** The cash exits brought in by the date. */
  async proceeds(executor: EntityManager, fundId: string, asOf: string): Promise<bigint> {
    const rows: { sum: string }[] = await executor.query(
      `SELECT coalesce(sum(amount), 0)::text AS sum FROM (${cashOf("'exit'")}) AS exits`,
      [fundId, asOf],
    );
    return BigInt(rows[0]?.sum ?? '0');
  }

  /** The partners' flows per day, as they see them: contributions out (< 0), distributions in (> 0). */
  async partnerFlows(executor: EntityManager, fundId: string, asOf: string): Promise<{ on: string; amount: bigint }[]> {
    const rows: { on: string; amount: string }[] = await executor.query(
      `SELECT to_char(effective_on, 'YYYY-MM-DD') AS on, (-sum(amount))::text AS amount
         FROM (${cashOf("'contribution', 'distribute'")}) AS flows
        GROUP BY effective_on HAVING sum(amount) <> 0 ORDER BY effective_on`,
      [fundId, asOf],
    );
    return rows.map((row) => ({ on: row.on, amount: BigInt(row.amount) }));
  }
}
