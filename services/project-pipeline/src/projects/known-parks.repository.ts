import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** The read model of the park registry: parks and enterprises as their events told them. */
@Injectable()
export class KnownParksRepository {
  async parkExists(tx: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM known_parks WHERE id = $1 AND NOT removed', [id]);
    return rows.length === 1;
  }

  /**
   * Both checks of a new project in one round trip, and the park's retirement date (null while in
   * use); null (not an id) is known as nothing.
   */
  async known(
    tx: EntityManager,
    parkId: string | null,
    enterpriseId: string | null,
  ): Promise<{ park: boolean; enterprise: boolean; parkRetiredOn: string | null }> {
    const rows: { park: boolean; enterprise: boolean; parkRetiredOn: string | null }[] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM known_parks WHERE id = $1 AND NOT removed) AS park,
              EXISTS (SELECT 1 FROM known_enterprises WHERE id = $2) AS enterprise,
              (SELECT to_char(retired_on, 'YYYY-MM-DD') FROM known_parks WHERE id = $1) AS "parkRetiredOn"`,
      [parkId, enterpriseId],
    );
    return rows[0] ?? { park: false, enterprise: false, parkRetiredOn: null };
  }

  /** Is the park one of the roots or below one of them? */
  async withinSubtrees(tx: EntityManager, id: string, roots: readonly string[]): Promise<boolean> {
    if (roots.length === 0) return false;
    const rows: unknown[] = await tx.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM known_parks WHERE id = $1
         UNION ALL SELECT k.id, k.parent_id, up.depth + 1 FROM known_parks k JOIN up ON k.id = up.parent_id WHERE up.depth < 64
       ) SELECT 1 FROM up WHERE id = ANY($2::uuid[]) LIMIT 1`,
      [id, roots],
    );
    return rows.length === 1;
  }
}
