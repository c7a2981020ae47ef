import { type PageRequest, SqlFilter, subtreeIds } from '@parkledger/service-kit';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type ParkReferrer } from './park-hierarchy';

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
  /** ISO date from which the park is retired; null while in use */
  retired_on: string | null;
}

export interface ParkFilter {
  parentId?: string;
  kind?: string;
  nameContains?: string;
  focusIndustry?: string;
  /** only parks inside these subtrees; undefined for all */
  scopeRoots?: readonly string[];
  /** retired parks too */
  includeRetired?: boolean;
}

/** A park's columns in the order of the INSERT and UPDATE placeholders $1..$10. */
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
  park.retired_on,
];

const COLUMNS =
  "id, parent_id, kind, name_zh, name_en, planned_area_km2::text, focus_industries, operator, version::text, to_char(retired_on, 'YYYY-MM-DD') AS retired_on";

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
      `INSERT INTO parks (id, parent_id, kind, name_zh, name_en, planned_area_km2, focus_industries, operator, version, retired_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      values(park),
    );
  }

  async update(tx: EntityManager, park: ParkRow): Promise<void> {
    await tx.query(
      `UPDATE parks SET parent_id = $2, kind = $3, name_zh = $4, name_en = $5, planned_area_km2 = $6,
              focus_industries = $7, operator = $8, version = $9, retired_on = $10, updated_at = now()
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

  /** Records that something refers to the park; it is then never deleted, only retired. */
  async markReferenced(tx: EntityManager, parkId: string, referrer: ParkReferrer): Promise<void> {
    await tx.query('INSERT INTO referenced_parks (park_id, referrer) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      parkId,
      referrer,
    ]);
  }

  /** What ever referred to the park, in a fixed order; empty when nothing did. */
  async referrers(tx: EntityManager, parkId: string): Promise<ParkReferrer[]> {
    const rows: { referrer: ParkReferrer }[] = await tx.query(
      'SELECT referrer FROM referenced_parks WHERE park_id = $1 ORDER BY referrer',
      [parkId],
    );
    return rows.map((row) => row.referrer);
  }

  /**
   * Serialises the moves of parks until the transaction ends: a move reads the new parent's
   * ancestors to refuse a cycle, and two moves that each read before the other wrote could close
   * one. Moves are rare, so one lock for all of them (two-key form: its own key space) is enough;
   * a lock per tree would have to chase roots that the waiting moves change.
   */
  async lockMoves(tx: EntityManager): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('parkledger.park-registry'), hashtext('park-moves'))");
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
      `WITH RECURSIVE down (park_id, depth) AS (
         SELECT id, 0 FROM parks WHERE id = $1
         UNION ALL
         SELECT p.id, down.depth + 1 FROM parks p JOIN down ON p.parent_id = down.park_id WHERE down.depth < 64
       )
       SELECT ${COLUMNS} FROM down JOIN parks ON parks.id = down.park_id ORDER BY down.depth, parks.id`,
      [id],
    );
  }

  async list(tx: EntityManager, filter: ParkFilter, page: PageRequest): Promise<ParkRow[]> {
    const sql = new SqlFilter();
    if (filter.scopeRoots !== undefined) sql.where((p) => `id IN ${subtreeIds(p)}`, filter.scopeRoots);
    sql.whereIf(filter.includeRetired !== true, 'retired_on IS NULL');
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
