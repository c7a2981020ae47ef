import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface BalanceRow {
  account: string;
  currency: string;
  balance: string;
}

/**
 * Balances of a fund's accounts three ways: as they stand (account_balances, kept by the database
 * as postings go in), as of a business date (the net per day in account_days summed up to it: as
 * many rows as the account has days, however many postings), and bitemporally, as of a date as it
 * was known at an instant (the postings of the entries recorded by then).
 */
@Injectable()
export class BalancesRepository {
  async current(executor: EntityManager, fundId: string, prefix = ''): Promise<BalanceRow[]> {
    return executor.query(
      `SELECT account, currency, balance::text AS balance FROM account_balances
        WHERE fund_id = $1 AND starts_with(account, $2) ORDER BY account`,
      [fundId, prefix],
    );
  }

  /** The balances of the given accounts as they stand, 0 for one without postings. */
  async of(executor: EntityManager, fundId: string, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const rows: BalanceRow[] = await executor.query(
      `SELECT account, currency, balance::text AS balance FROM account_balances
        WHERE fund_id = $1 AND account = ANY ($2::text[])`,
      [fundId, accounts],
    );
    const found = new Map(rows.map((row) => [row.account, BigInt(row.balance)]));
    return new Map(accounts.map((name) => [name, found.get(name) ?? 0n]));
  }

  /**
   * As of a date: each account's balance as it stands less what the days after the date moved it,
   * read from the account's own days by its key (so a date near today reads few rows, and an old
   * one no more than the days since). An account with no day on or before the date is left out.
   */
  async asOf(executor: EntityManager, fundId: string, asOf: string, prefix = ''): Promise<BalanceRow[]> {
    return executor.query(
      `SELECT b.account, b.currency,
              (b.balance - coalesce((SELECT sum(d.net) FROM account_days d
                                      WHERE d.fund_id = b.fund_id AND d.account = b.account
                                        AND d.currency = b.currency AND d.day > $2), 0))::text AS balance
         FROM account_balances b
        WHERE b.fund_id = $1 AND starts_with(b.account, $3)
          AND EXISTS (SELECT 1 FROM account_days d WHERE d.fund_id = b.fund_id AND d.account = b.account
                        AND d.currency = b.currency AND d.day <= $2)
        ORDER BY b.account`,
      [fundId, asOf, prefix],
    );
  }

  /** The balances as of a date by account, as the figures and the capital accounts take them. */
  async asOfMap(executor: EntityManager, fundId: string, asOf: string): Promise<Map<string, bigint>> {
    const rows = await this.asOf(executor, fundId, asOf);
    return new Map(rows.map((row) => [row.account, BigInt(row.balance)]));
  }

  async asKnown(
    executor: EntityManager,
    fundId: string,
    asOf: string | null,
    knownAt: string,
    prefix = '',
  ): Promise<BalanceRow[]> {
    return executor.query(
      `SELECT p.account, p.currency, sum(p.amount)::text AS balance
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id
        WHERE e.fund_id = $1 AND ($2::date IS NULL OR e.effective_on <= $2) AND e.recorded_at <= $3
          AND starts_with(p.account, $4)
        GROUP BY p.account, p.currency ORDER BY p.account`,
      [fundId, asOf, knownAt, prefix],
    );
  }
}
