import { Injectable } from '@nestjs/common';
import { type InvestmentJson } from '@parkledger/contracts';
import { type Statement } from '@parkledger/messaging';
import { type PageRequest } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';

export interface InvestmentRow {
  id: string;
  fund_id: string;
  target_kind: string;
  target_id: string;
  form: string;
  made_on: string;
  cost: string;
  entry_id: string;
  currency: string;
}

export const investmentJson = (row: InvestmentRow): InvestmentJson => ({
  id: row.id,
  fundId: row.fund_id,
  targetKind: row.target_kind,
  targetId: row.target_id,
  form: row.form,
  madeOn: row.made_on,
  cost: { minorUnits: row.cost, currency: row.currency },
  entryId: row.entry_id,
});

const SELECT = `SELECT i.id, i.fund_id, i.target_kind, i.target_id, i.form, to_char(i.made_on, 'YYYY-MM-DD') AS made_on,
    i.cost::text AS cost, i.entry_id, f.currency
  FROM investments i JOIN funds f ON f.id = i.fund_id`;

/** Investments and the read models of what a fund may invest in. */
@Injectable()
export class PortfolioRepository {
  insert(row: InvestmentRow): Statement {
    return {
      text: `INSERT INTO investments (id, fund_id, target_kind, target_id, form, made_on, cost, entry_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      params: [row.id, row.fund_id, row.target_kind, row.target_id, row.form, row.made_on, row.cost, row.entry_id],
    };
  }

  async find(executor: EntityManager, fundId: string, id: string): Promise<InvestmentRow | undefined> {
    const rows: InvestmentRow[] = await executor.query(`${SELECT} WHERE i.fund_id = $1 AND i.id = $2`, [fundId, id]);
    return rows[0];
  }

  async list(executor: EntityManager, fundId: string, page: PageRequest): Promise<InvestmentRow[]> {
    return executor.query(`${SELECT} WHERE i.fund_id = $1 AND ($2::uuid IS NULL OR i.id > $2) ORDER BY i.id LIMIT $3`, [
      fundId,
      page.after ?? null,
      page.limit + 1,
    ]);
  }

  /** The date of the latest entry posting to any of the accounts, or null. */
  async latestEntryOn(executor: EntityManager, fundId: string, accounts: readonly string[]): Promise<string | null> {
    const rows: { latest: string | null }[] = await executor.query(
      `SELECT to_char(max(e.effective_on), 'YYYY-MM-DD') AS latest
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.account = ANY ($2::text[]) AND e.fund_id = $1`,
      [fundId, accounts],
    );
    return rows[0]?.latest ?? null;
  }

  /** Whether the pipeline's or the registry's events have told of the target. */
  async targetKnown(executor: EntityManager, kind: 'project' | 'enterprise', id: string): Promise<boolean> {
    const table = kind === 'project' ? 'known_projects' : 'known_enterprises';
    const rows: unknown[] = await executor.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
