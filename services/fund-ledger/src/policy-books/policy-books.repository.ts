import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@parkledger/platform';
import { type PageRequest } from '@parkledger/service-kit';
import { type PoolClient } from 'pg';
import { type EntityManager } from 'typeorm';
import { type AwardEntry } from '../ledger/award-entries';

/** A book's sums by kind of account as of a date, minor units as decimal strings (debit > 0). */
export interface BudgetSumsRow {
  currency: string;
  committed: string;
  payable: string;
  cash: string;
  recaptured: string;
}

export interface BudgetEntryRow {
  id: string;
  policy: string;
  effective_on: string;
  recorded_at: string;
  operation: string;
  award_id: string | null;
  source_event: string | null;
  memo: string;
  postings: { account: string; currency: string; amount: string }[];
}

/**
 * The policies' budget books: opened and posted to by the award events' consumer (in its inbox
 * transaction, on a pg client), read by the service (sums as of a date, the journal).
 */
@Injectable()
export class PolicyBooksRepository {
  /**
   * The policy's book in the currency, opened if it was not: its id. Opened once however many race
   * for it (the (policy, currency) key), its row in books with it; a loser reads the winner's.
   */
  async open(tx: PoolClient, policy: string, currency: string): Promise<string> {
    const opened = await tx.query<{ id: string }>(
      `WITH opened AS (
         INSERT INTO policy_books (id, policy, currency) VALUES ($1, $2, $3)
         ON CONFLICT (policy, currency) DO NOTHING RETURNING id
       ), booked AS (
         INSERT INTO books (id, kind) SELECT id, 'policy-budget' FROM opened
       )
       SELECT id FROM opened`,
      [uuidv7(), policy, currency],
    );
    const id = opened.rows[0]?.id;
    if (id !== undefined) return id;
    // a statement of its own, so it sees a book another transaction committed while this one waited
    const found = await tx.query<{ id: string }>('SELECT id FROM policy_books WHERE policy = $1 AND currency = $2', [
      policy,
      currency,
    ]);
    const existing = found.rows[0]?.id;
    if (existing === undefined) throw new Error(`policy book ${policy} ${currency} neither opened nor found`);
    return existing;
  }

  /**
   * The entry in the book, with its postings, unless an entry was posted from the same event before
   * (by this consumer under another group or inbox: the unique source_event): then nothing, and false.
   */
  async post(tx: PoolClient, bookId: string, sourceEvent: string, entry: AwardEntry): Promise<boolean> {
    const id = uuidv7();
    const inserted = await tx.query(
      `INSERT INTO journal_entries (id, fund_id, effective_on, operation, source_event, memo)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_event) DO NOTHING`,
      [id, bookId, entry.effectiveOn, entry.operation, sourceEvent, entry.memo],
    );
    if (inserted.rowCount !== 1) return false;
    await tx.query(
      `INSERT INTO postings (entry_id, line, account, currency, amount)
       SELECT $1, p.line, p.account, p.currency, p.amount
         FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS p (account, currency, amount, line)`,
      [
        id,
        entry.postings.map((p) => p.account),
        entry.postings.map((p) => p.currency),
        entry.postings.map((p) => p.amount.toString()),
      ],
    );
    return true;
  }

  /**
   * Each of the policy's books (one per currency, none when nothing was posted or published): its
   * accounts' sums over the days up to the date (every day when null), 0 where nothing moved.
   */
  async sums(executor: EntityManager, policy: string, asOf: string | null): Promise<BudgetSumsRow[]> {
    return executor.query(
      `SELECT b.currency,
              coalesce(sum(d.net) FILTER (WHERE starts_with(d.account, 'awards-committed:')), 0)::text AS committed,
              coalesce(sum(d.net) FILTER (WHERE starts_with(d.account, 'awards-payable:')), 0)::text AS payable,
              coalesce(sum(d.net) FILTER (WHERE d.account = 'budget-cash'), 0)::text AS cash,
              coalesce(sum(d.net) FILTER (WHERE starts_with(d.account, 'awards-recaptured:')), 0)::text AS recaptured
         FROM policy_books b
         LEFT JOIN account_days d ON d.fund_id = b.id AND ($2::date IS NULL OR d.day <= $2)
        WHERE b.policy = $1
        GROUP BY b.currency ORDER BY b.currency`,
      [policy, asOf],
    );
  }

  async exists(executor: EntityManager, policy: string): Promise<boolean> {
    const rows: unknown[] = await executor.query('SELECT 1 FROM policy_books WHERE policy = $1 LIMIT 1', [policy]);
    return rows.length > 0;
  }

  /** The entries of the policy's books (every currency), oldest first: by id, after the cursor's. */
  async journal(executor: EntityManager, policy: string, page: PageRequest): Promise<BudgetEntryRow[]> {
    return executor.query(
      `SELECT e.id, b.policy, to_char(e.effective_on, 'YYYY-MM-DD') AS effective_on,
              to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
              e.operation, e.source_event, e.memo,
              (SELECT split_part(p.account, ':', 2) FROM postings p
                WHERE p.entry_id = e.id AND starts_with(p.account, 'awards-') ORDER BY p.line LIMIT 1) AS award_id,
              (SELECT json_agg(json_build_object('account', p.account, 'currency', p.currency, 'amount', p.amount::text)
                               ORDER BY p.line)
                 FROM postings p WHERE p.entry_id = e.id) AS postings
         FROM policy_books b JOIN journal_entries e ON e.fund_id = b.id
        WHERE b.policy = $1 AND ($2::uuid IS NULL OR e.id > $2)
        ORDER BY e.id LIMIT $3`,
      [policy, page.after ?? null, page.limit + 1],
    );
  }
}
