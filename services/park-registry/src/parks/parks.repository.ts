import { type PageRequest, SqlFilter, subtreeIds } from '@parkledger/service-kit';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface ParkRow {
  id: string;
  parent_id: string | null;
  kind: string;
  name_zh: string;
  name_en: string;
  planned_area_km2: string | null;
  focus_industries: string[];
  operator: string;
  version: string;
}

export interface ParkFilter {
  parentId?: string;
  kind?: string;
  nameContains?: string;
  focusIndustry?: string;
  /** only parks inside these subtrees; undefined for all */
  scopeRoots?: readonly string[];
}

/** A park's columns in the order of the INSERT and UPDATE placeholders $1..$9. */
const values = (park: ParkRow): unknown[] => [
  park.id,
  park.parent_id,
  park.kind,
  park.name_zh,
  park.name_en,
  park.planned_area_km2,
  park.focus_industries,
  park.operator,
  park.version,
];

const COLUMNS =
  'id, parent_id, kind, name_zh, name_en, planned_area_km2::text, focus_industries, operator, version::text';

/** Parks in the service's schema; every method runs in the caller's transaction. */
@Injectable()
export class ParksRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<ParkRow | undefined> {
    const rows: ParkRow[] = await tx.query(`SELECT ${COLUMNS} FROM parks WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  async insert(tx: EntityManager, park: ParkRow): Promise<void> {
    await tx.query(
      `INSERT INTO parks (id, parent_id, kind, name_zh, name_en, planned_area_km2, focus_industries, operator, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values(park),
    );
  }

  async update(tx: EntityManager, park: ParkRow): Promise<void> {
    await tx.query(
      `UPDATE parks SET parent_id = $2, kind = $3, name_zh = $4, name_en = $5, planned_area_km2 = $6,
              focus_industries = $7, operator = $8, version = $9, updated_at = now()
        WHERE id = $1`,
      values(park),
    );
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.query('DELETE FROM parks WHERE id = $1', [id]);
  }

  async children(tx: EntityManager, parentId: string): Promise<ParkRow[]> {
    return tx.query(`SELECT ${COLUMNS} FROM parks WHERE parent_id = $1 ORDER BY id`, [parentId]);
  }

  async settlementCount(tx: EntityManager, parkId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query('SELECT count(*)::int AS n FROM settlements WHERE park_id = $1', [
      parkId,
    ]);
    return rows[0]?.n ?? 0;
  }

  /** The park and its ancestors up to the root, as id → parent id. */
  async ancestry(tx: EntityManager, id: string): Promise<Map<string, string | null>> {
    const rows: { id: string; parent_id: string | null }[] = await tx.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM parks WHERE id = $1
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM parks p JOIN up ON p.id = up.parent_id WHERE up.depth < 64
       ) SELECT id, parent_id FROM up`,
      [id],
    );
    return new Map(rows.map((row) => [row.id, row.parent_id]));
  }

  /** Is the park one of the roots or below one of them? */
  async withinSubtrees(tx: EntityManager, id: string, roots: readonly string[]): Promise<boolean> {
    if (roots.length === 0) return false;
    const ancestry = await this.ancestry(tx, id);
    return roots.some((root) => ancestry.has(root));
  }

  async subtree(tx: EntityManager, id: string): Promise<ParkRow[]> {
    return tx.query(
      `WITH RECURSIVE down AS (
         SELECT id, 0 AS depth FROM parks WHERE id = $1
         UNION ALL
         SELECT p.id, down.depth + 1 FROM parks p JOIN down ON p.parent_id = down.id WHERE down.depth < 64
       )
       SELECT ${COLUMNS.split(', ')
         .map((c) => `p.${c}`)
         .join(', ')}
         FROM down JOIN parks p ON p.id = down.id ORDER BY down.depth, p.id`,
      [id],
    );
  }

  async list(tx: EntityManager, filter: ParkFilter, page: PageRequest): Promise<ParkRow[]> {
    const sql = new SqlFilter();
    if (filter.scopeRoots !== undefined) sql.where((p) => `id IN ${subtreeIds(p)}`, filter.scopeRoots);
    if (filter.parentId !== undefined) sql.where((p) => `parent_id = ${p}`, filter.parentId);
    if (filter.kind !== undefined) sql.where((p) => `kind = ${p}`, filter.kind);
    if (filter.focusIndustry !== undefined) sql.where((p) => `${p} = ANY(focus_industries)`, filter.focusIndustry);
    if (filter.nameContains !== undefined) {
      sql.where((p) => `(strpos(lower(name_en), lower(${p})) > 0 OR strpos(name_zh, ${p}) > 0)`, filter.nameContains);
    }
    const tail = sql.page(page);
    return tx.query(`SELECT ${COLUMNS} FROM parks ${tail}`, sql.params);
  }
}
