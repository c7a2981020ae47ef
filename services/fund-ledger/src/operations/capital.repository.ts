import { Injectable } from '@nestjs/common';
import { type Statement } from '@parkledger/messaging';
import { type EntityManager } from 'typeorm';
import { standing } from '../journal/journal.repository';

export interface OverdueRow {
  call_id: string;
  partner_id: string;
  due_on: string;
  called: string;
  received: string;
}

/** Capital calls with each partner's share, and the contributions received against them. */
@Injectable()
export class CapitalRepository {
  insertCall(call: {
    id: string;
    fundId: string;
    entryId: string;
    calledOn: string;
    dueOn: string;
    amount: bigint;
    shares: ReadonlyMap<string, bigint>;
  }): Statement[] {
    return [
      {
        text: `INSERT INTO capital_calls (id, fund_id, entry_id, called_on, due_on, amount) VALUES ($1, $2, $3, $4, $5, $6)`,
        params: [call.id, call.fundId, call.entryId, call.calledOn, call.dueOn, call.amount.toString()],
      },
      {
        text: `INSERT INTO call_shares (call_id, partner_id, amount)
               SELECT $1, s.partner_id, s.amount FROM unnest($2::uuid[], $3::bigint[]) AS s (partner_id, amount)`,
        params: [call.id, [...call.shares.keys()], [...call.shares.values()].map(String)],
      },
    ];
  }

  insertContribution(row: { entryId: string; callId: string; partnerId: string; amount: bigint }): Statement {
    return {
      text: 'INSERT INTO contributions (entry_id, call_id, partner_id, amount) VALUES ($1, $2, $3, $4)',
      params: [row.entryId, row.callId, row.partnerId, row.amount.toString()],
    };
  }

  /** A partner's share of a standing call of the fund (not reversed), and what has been received on it and still stands. */
  async share(
    tx: EntityManager,
    fundId: string,
    callId: string,
    partnerId: string,
  ): Promise<{ amount: bigint; received: bigint } | undefined> {
    const rows: { amount: string; received: string }[] = await tx.query(
      `SELECT s.amount::text AS amount,
              coalesce((SELECT sum(c.amount) FROM contributions c
                         WHERE c.call_id = s.call_id AND c.partner_id = s.partner_id
                           AND ${standing('c.entry_id', "'infinity'::date")}), 0)::text AS received
         FROM call_shares s JOIN capital_calls k ON k.id = s.call_id
        WHERE k.fund_id = $1 AND s.call_id = $2 AND s.partner_id = $3 AND ${standing('k.entry_id', "'infinity'::date")}`,
      [fundId, callId, partnerId],
    );
    const row = rows[0];
    return row === undefined ? undefined : { amount: BigInt(row.amount), received: BigInt(row.received) };
  }

  /** The shares of standing calls due before `asOf` that were not received in full by then. */
  async overdue(executor: EntityManager, fundId: string, asOf: string): Promise<OverdueRow[]> {
    return executor.query(
      `SELECT s.call_id, s.partner_id, to_char(k.due_on, 'YYYY-MM-DD') AS due_on, s.amount::text AS called,
              received::text AS received
         FROM call_shares s JOIN capital_calls k ON k.id = s.call_id
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(c.amount), 0) AS received FROM contributions c
             JOIN journal_entries ce ON ce.id = c.entry_id
            WHERE c.call_id = s.call_id AND c.partner_id = s.partner_id AND ce.effective_on <= $2
              AND ${standing('c.entry_id', '$2')}
         ) AS paid
        WHERE k.fund_id = $1 AND k.due_on < $2 AND s.amount > received AND ${standing('k.entry_id', '$2')}
        ORDER BY k.due_on, s.call_id, s.partner_id`,
      [fundId, asOf],
    );
  }
}
