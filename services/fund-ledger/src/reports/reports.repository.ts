import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type FlowColumns } from '../figures/xirr';
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
   * The partners' flows per day, as they see them: contributions out (< 0: what the day added to
   * paid-in, which is minus the day's change of the commitment, unfunded and receivable accounts
   * together; a commitment or a call moves none of it) and distributions in (> 0: the day's change
   * of the distributed accounts). As many flows as days, kept per day as postings go in
   * (partner_flow_days) and read as one row: 10,000 rows cost more to read than the figures' sums.
   */
  async partnerFlows(executor: EntityManager, fundId: string, asOf: string): Promise<FlowColumns> {
    const rows: { flows: string | null }[] = await executor.query(
      `SELECT string_agg((day - DATE '1970-01-01') || ' ' || net, ',' ORDER BY day) AS flows
         FROM partner_flow_days WHERE fund_id = $1 AND day <= $2 AND net <> 0`,
      [fundId, asOf],
    );
    return flowColumns(rows[0]?.flows ?? '');
  }
}

/**
 * "7305 -45000000,7671 10000000" (days since 1970-01-01 and minor units, a pair per flow) as
 * columns, read character by character: no string, number or object per flow.
 */
export function flowColumns(text: string): FlowColumns {
  let count = text === '' ? 0 : 1;
  for (let at = 0; at < text.length; at += 1) if (text.charCodeAt(at) === COMMA) count += 1;
  const days = new Float64Array(count);
  const amounts = new Float64Array(count);
  let flow = 0;
  let value = 0;
  let sign = 1;
  for (let at = 0; at <= text.length && count > 0; at += 1) {
    const char = at === text.length ? COMMA : text.charCodeAt(at);
    if (char === MINUS) sign = -1;
    else if (char === SPACE) days[flow] = sign * value;
    else if (char === COMMA) amounts[flow++] = sign * value;
    else value = value * 10 + (char - ZERO);
    if (char === SPACE || char === COMMA) [value, sign] = [0, 1];
  }
  return { days, amounts };
}

const [COMMA, MINUS, SPACE, ZERO] = [44, 45, 32, 48];
