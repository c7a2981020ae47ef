import { Injectable } from '@nestjs/common';
import { type MilestoneKind } from '@parkledger/contracts';
import { type EntityManager } from 'typeorm';
import { type MilestoneFacts } from './milestone-facts';

export interface MilestoneRow {
  id: string;
  enterprise_id: string;
  kind: MilestoneKind;
  achieved_on: string;
  facts: MilestoneFacts;
  /** RFC 3339, UTC, to the millisecond (as JavaScript writes it) */
  recorded_at: string;
  recorded_by: string;
  request_key: string | null;
  /** the pipeline's project it belongs to, if it names one */
  project_id: string | null;
}

/** Where a page of an enterprise's file starts: after this milestone, in the order (achieved_on, id). */
export interface MilestoneKey {
  achievedOn: string;
  id: string;
}

const COLUMNS = `id, enterprise_id, kind, to_char(achieved_on, 'YYYY-MM-DD') AS achieved_on, facts,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, recorded_by, request_key,
  project_id`;

/** The milestones of the enterprises' files; every method runs in the caller's transaction. */
@Injectable()
export class MilestonesRepository {
  async insert(tx: EntityManager, m: MilestoneRow): Promise<void> {
    await tx.query(
      `INSERT INTO enterprise_milestones (id, enterprise_id, kind, achieved_on, facts, recorded_at, recorded_by,
                                          request_key, project_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        m.id,
        m.enterprise_id,
        m.kind,
        m.achieved_on,
        JSON.stringify(m.facts),
        m.recorded_at,
        m.recorded_by,
        m.request_key,
        m.project_id,
      ],
    );
  }

  /**
   * The parks the enterprise is settled in on the day (settled on or before it, not left by it, as
   * the registry's settlements read a day), each with every park above it up to its root, once
   * each, in id order. The settlements are read FOR SHARE, so a leave being written waits for this
   * transaction or is seen when it commits first.
   */
  async settledIn(tx: EntityManager, enterpriseId: string, on: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `WITH RECURSIVE stays AS (
         SELECT park_id FROM settlements
          WHERE enterprise_id = $1 AND settled_on <= $2::date AND (left_on IS NULL OR left_on > $2::date)
          FOR SHARE
       ), up AS (
         SELECT park_id AS id, 0 AS depth FROM stays
         UNION ALL
         SELECT p.parent_id, up.depth + 1 FROM parks p JOIN up ON p.id = up.id
          WHERE p.parent_id IS NOT NULL AND up.depth < 64
       ) SELECT DISTINCT id::text FROM up ORDER BY id`,
      [enterpriseId, on],
    );
    return rows.map((row) => row.id);
  }

  /** One page of the enterprise's file, by achieved_on then id, limit + 1 rows (to know whether more follow). */
  async list(
    tx: EntityManager,
    enterpriseId: string,
    filter: { kind?: MilestoneKind },
    page: { after: MilestoneKey | undefined; limit: number },
  ): Promise<MilestoneRow[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM enterprise_milestones
        WHERE enterprise_id = $1 AND ($2::text IS NULL OR kind = $2)
          AND ($3::date IS NULL OR (achieved_on, id) > ($3::date, $4::uuid))
        ORDER BY achieved_on, id LIMIT $5`,
      [enterpriseId, filter.kind ?? null, page.after?.achievedOn ?? null, page.after?.id ?? null, page.limit + 1],
    );
  }
}
