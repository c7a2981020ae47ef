import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type DayNets } from '../figures/capital-account';

/** A sub-fund of this ledger in which a fund is a partner (of kind fund). */
export interface SubFundRow {
  id: string;
  name_zh: string;
  name_en: string;
  currency: string;
  /** the fund's partners in the sub-fund: one, unless it committed under two names */
  partner_ids: string[];
}

/** An investment of a fund: what it is in, without its figures (those come from the balances). */
export interface HoldingRow {
  id: string;
  target_kind: string;
  target_id: string;
  form: string;
}

/** The queries behind the reports by partner: capital accounts and a mother fund's look-through. */
@Injectable()
export class PartnerReportsRepository {
  /** The funds of this ledger that have the fund as a partner, by id. */
  async subFundsOf(executor: EntityManager, fundId: string): Promise<SubFundRow[]> {
    return executor.query(
      `SELECT f.id, f.name_zh, f.name_en, f.currency, array_agg(pa.id::text ORDER BY pa.id) AS partner_ids
         FROM partners pa JOIN funds f ON f.id = pa.fund_id
        WHERE pa.partner_fund_id = $1
        GROUP BY f.id ORDER BY f.id`,
      [fundId],
    );
  }

  /**
   * The net per day, to a date, of the accounts a partner's capital account is made of: its paid-in
   * (commitment, unfunded, receivable) and the fund's fees and gains. In date order.
   */
  async resultDays(executor: EntityManager, fundId: string, to: string): Promise<DayNets[]> {
    const rows: { day: string; account: string; net: string }[] = await executor.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, account, net::text AS net FROM account_days
        WHERE fund_id = $1 AND day <= $2
          AND (account IN ('fees', 'realised-gain', 'unrealised-gain', 'written-off')
               OR account LIKE 'commitment:%' OR account LIKE 'unfunded:%' OR account LIKE 'receivable:%')
        ORDER BY day`,
      [fundId, to],
    );
    const days: DayNets[] = [];
    for (const row of rows) {
      let last = days[days.length - 1];
      if (last === undefined || last.day !== row.day) {
        last = { day: row.day, nets: new Map<string, bigint>() };
        days.push(last);
      }
      (last.nets as Map<string, bigint>).set(row.account, BigInt(row.net));
    }
    return days;
  }

  /** Every investment of the fund, by id; what remains of each as of a date is in its balances. */
  async holdings(executor: EntityManager, fundId: string): Promise<HoldingRow[]> {
    return executor.query(`SELECT id, target_kind, target_id, form FROM investments WHERE fund_id = $1 ORDER BY id`, [
      fundId,
    ]);
  }
}
