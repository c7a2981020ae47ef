import { Injectable } from '@nestjs/common';
import { type JournalEntryJson, type JournalOperation } from '@parkledger/contracts';
import { type Statement } from '@parkledger/messaging';
import { type PageRequest } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';
import { type Posting } from '../ledger/journal-entry';

export interface EntryRow {
  id: string;
  fund_id: string;
  effective_on: string;
  recorded_at: string;
  operation: JournalOperation;
  reverses: string | null;
  memo: string;
  postings: { account: string; currency: string; amount: string }[];
}

export function entryJson(row: EntryRow): JournalEntryJson {
  return {
    id: row.id,
    fundId: row.fund_id,
    effectiveOn: row.effective_on,
    recordedAt: row.recorded_at,
    operation: row.operation,
    reverses: row.reverses ?? '',
    memo: row.memo,
    postings: row.postings.map((p) => ({ account: p.account, amount: { minorUnits: p.amount, currency: p.currency } })),
  };
}

/**
 * The SQL condition that the entry in `entry` still stands as of the date in `asOf` (a column, a
 * parameter or a literal): no reversal of it dated on or before then.
 */
export const standing = (entry: string, asOf: string): string =>
  `NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses = ${entry} AND r.effective_on <= ${asOf})`;

const ENTRY_COLUMNS = `e.id, e.fund_id, to_char(e.effective_on, 'YYYY-MM-DD') AS effective_on,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, e.operation, e.reverses, e.memo,
  (SELECT json_agg(json_build_object('account', p.account, 'currency', p.currency, 'amount', p.amount::text) ORDER BY p.line)
     FROM postings p WHERE p.entry_id = e.id) AS postings`;

@Injectable()
export class JournalRepository {
  /** The entry and its postings, as statements to send with the rest of the write. */
  insert(entry: {
    id: string;
    fundId: string;
    effectiveOn: string;
    recordedAt: string;
    operation: JournalOperation;
    requestKey: string | null;
    reverses: string | null;
    memo: string;
    postings: readonly Posting[];
  }): Statement[] {
    return [
      {
        text: `INSERT INTO journal_entries (id, fund_id, effective_on, recorded_at, operation, request_key, reverses, memo)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        params: [
          entry.id,
          entry.fundId,
          entry.effectiveOn,
          entry.recordedAt,
          entry.operation,
          entry.requestKey,
          entry.reverses,
          entry.memo,
        ],
      },
      {
        text: `INSERT INTO postings (entry_id, line, account, currency, amount)
               SELECT $1, p.line, p.account, p.currency, p.amount
                 FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS p (account, currency, amount, line)`,
        params: [
          entry.id,
          entry.postings.map((p) => p.account),
          entry.postings.map((p) => p.currency),
          entry.postings.map((p) => p.amount.toString()),
        ],
      },
    ];
  }

  /** Many entries of one fund in two statements, whatever their number: an import. */
  insertMany(
    fundId: string,
    recordedAt: string,
    requestKey: string | null,
    entries: readonly {
      id: string;
      effectiveOn: string;
      operation: JournalOperation;
      memo: string;
      postings: readonly Posting[];
    }[],
  ): Statement[] {
    const postings = entries.flatMap((entry) => entry.postings.map((posting, i) => ({ entry, posting, line: i + 1 })));
    return [
      {
        text: `INSERT INTO journal_entries (id, fund_id, effective_on, recorded_at, operation, request_key, memo)
               SELECT e.id, $1, e.effective_on, $2, e.operation, $3, e.memo
                 FROM unnest($4::uuid[], $5::date[], $6::text[], $7::text[]) AS e (id, effective_on, operation, memo)`,
        params: [
          fundId,
          recordedAt,
          requestKey,
          entries.map((e) => e.id),
          entries.map((e) => e.effectiveOn),
          entries.map((e) => e.operation),
          entries.map((e) => e.memo),
        ],
      },
      {
        text: `INSERT INTO postings (entry_id, line, account, currency, amount)
               SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::bigint[])`,
        params: [
          postings.map((p) => p.entry.id),
          postings.map((p) => p.line),
          postings.map((p) => p.posting.account),
          postings.map((p) => p.posting.currency),
          postings.map((p) => p.posting.amount.toString()),
        ],
      },
    ];
  }

  async find(executor: EntityManager, fundId: string, id: string): Promise<EntryRow | undefined> {
    const rows: EntryRow[] = await executor.query(
      `SELECT ${ENTRY_COLUMNS} FROM journal_entries e WHERE e.fund_id = $1 AND e.id = $2`,
      [fundId, id],
    );
    return rows[0];
  }

  /** The reversal of an entry, if it has one. */
  async reversalOf(executor: EntityManager, id: string): Promise<string | undefined> {
    const rows: { id: string }[] = await executor.query('SELECT id FROM journal_entries WHERE reverses = $1', [id]);
    return rows[0]?.id;
  }

  async list(
    executor: EntityManager,
    fundId: string,
    filter: { from?: string; to?: string; operation?: string; account?: string },
    page: PageRequest,
  ): Promise<EntryRow[]> {
    return executor.query(
      `SELECT ${ENTRY_COLUMNS} FROM journal_entries e
        WHERE e.fund_id = $1 AND ($2::uuid IS NULL OR e.id > $2)
          AND ($3::date IS NULL OR e.effective_on >= $3) AND ($4::date IS NULL OR e.effective_on <= $4)
          AND ($5::text IS NULL OR e.operation = $5)
          AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id AND p.account = $6))
        ORDER BY e.id LIMIT $7`,
      [
        fundId,
        page.after ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.operation ?? null,
        filter.account ?? null,
        page.limit + 1,
      ],
    );
  }
}
