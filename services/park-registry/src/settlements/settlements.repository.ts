import { type PageRequest, SqlFilter, subtreeIds } from '@parkledger/service-kit';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface SettlementRow {
  id: string;
  enterprise_id: string;
  park_id: string;
  settled_on: string;
  left_on: string | null;
  version: string;
}

const COLUMNS =
  "id, enterprise_id, park_id, to_char(settled_on, 'YYYY-MM-DD') AS settled_on, to_char(left_on, 'YYYY-MM-DD') AS left_on, version::text";

@Injectable()
export class SettlementsRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<SettlementRow | undefined> {
    const rows: SettlementRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM settlements WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** The enterprise's stays in the park that reach into or past `from`: at most one may. */
  async overlapping(tx: EntityManager, enterpriseId: string, parkId: string, from: string): Promise<SettlementRow[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM settlements
        WHERE enterprise_id = $1 AND park_id = $2 AND (left_on IS NULL OR left_on > $3::date)
        FOR UPDATE`,
      [enterpriseId, parkId, from],
    );
  }

  async insert(tx: EntityManager, s: SettlementRow): Promise<void> {
    await tx.query(
      'INSERT INTO settlements (id, enterprise_id, park_id, settled_on, left_on, version) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.id, s.enterprise_id, s.park_id, s.settled_on, s.left_on, s.version],
    );
  }

  async update(tx: EntityManager, s: SettlementRow): Promise<void> {
    await tx.query('UPDATE settlements SET left_on = $2, version = $3 WHERE id = $1', [s.id, s.left_on, s.version]);
  }

  async list(
    tx: EntityManager,
    filter: { parkId?: string; enterpriseId?: string; currentOnly: boolean; scopeRoots?: readonly string[] },
    page: PageRequest,
  ): Promise<SettlementRow[]> {
    const sql = new SqlFilter();
    if (filter.scopeRoots !== undefined) sql.where((p) => `park_id IN ${subtreeIds(p)}`, filter.scopeRoots);
    if (filter.parkId !== undefined) sql.where((p) => `park_id = ${p}`, filter.parkId);
    if (filter.enterpriseId !== undefined) sql.where((p) => `enterprise_id = ${p}`, filter.enterpriseId);
    sql.whereIf(filter.currentOnly, 'left_on IS NULL');
    const tail = sql.page(page);
    return tx.query(`SELECT ${COLUMNS} FROM settlements ${tail}`, sql.params);
  }
}
