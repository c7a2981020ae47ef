import { type FundJson } from '@parkledger/contracts';
import { type Statement } from '@parkledger/messaging';
import { Injectable } from '@nestjs/common';
import { type PageRequest } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';

export interface FundRow {
  id: string;
  name_zh: string;
  name_en: string;
  kind: string;
  currency: string;
  manager: string;
  vintage_on: string;
  region: string[];
  closed_through: string | null;
  version: string;
  /** when the fund was registered, RFC 3339: nothing was known of it before */
  registered_at: string;
}

const COLUMNS = `id, name_zh, name_en, kind, currency, manager, to_char(vintage_on, 'YYYY-MM-DD') AS vintage_on,
  region::text[] AS region, to_char(closed_through, 'YYYY-MM-DD') AS closed_through, version::text AS version,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS registered_at`;

export function fundJson(row: FundRow): FundJson {
  return {
    id: row.id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    kind: row.kind,
    currency: row.currency,
    manager: row.manager,
    vintageOn: row.vintage_on,
    regionParkIds: row.region,
    closedThrough: row.closed_through ?? '',
    version: row.version,
  };
}

@Injectable()
export class FundsRepository {
  insert(row: FundRow): Statement {
    return {
      text: `INSERT INTO funds (id, name_zh, name_en, kind, currency, manager, vintage_on, region, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9)`,
      params: [
        row.id,
        row.name_zh,
        row.name_en,
        row.kind,
        row.currency,
        row.manager,
        row.vintage_on,
        row.region,
        row.version,
      ],
    };
  }

  async find(executor: EntityManager, id: string): Promise<FundRow | undefined> {
    const rows: FundRow[] = await executor.query(`SELECT ${COLUMNS} FROM funds WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Takes the fund for one write: its row locked until commit and its version moved on by the one
   * event the write appends. Writes to a fund queue here, so its events get versions 1..n in order.
   */
  async takeForWrite(tx: EntityManager, id: string): Promise<FundRow | undefined> {
    // TypeORM answers an UPDATE with [rows, affected]
    const [rows]: [FundRow[], number] = await tx.query(
      `UPDATE funds SET version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0];
  }

  closeThrough(id: string, through: string): Statement[] {
    return [
      { text: 'UPDATE funds SET closed_through = $2 WHERE id = $1', params: [id, through] },
      { text: 'INSERT INTO period_closes (fund_id, through) VALUES ($1, $2)', params: [id, through] },
    ];
  }

  async list(
    executor: EntityManager,
    filter: { kind?: string; only?: readonly string[] },
    page: PageRequest,
  ): Promise<FundRow[]> {
    return executor.query(
      `SELECT ${COLUMNS} FROM funds
        WHERE ($1::uuid IS NULL OR id > $1) AND ($2::text IS NULL OR kind = $2) AND ($3::uuid[] IS NULL OR id = ANY ($3))
        ORDER BY id LIMIT $4`,
      [page.after ?? null, filter.kind ?? null, filter.only ?? null, page.limit + 1],
    );
  }
}
