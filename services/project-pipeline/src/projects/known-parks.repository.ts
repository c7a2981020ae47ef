import { Injectable } from '@nestjs/common';
import { prepared } from '@parkledger/messaging';
import { type EntityManager } from 'typeorm';

/** The read model of the park registry: parks and enterprises as their events told them. */
@Injectable()
export class KnownParksRepository {
  async parkExists(tx: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM known_parks WHERE id = $1 AND NOT removed', [id]);
    return rows.length === 1;
  }

  /**
   * The checks of a new project in one round trip: its park and enterprise known, the park's
   * retirement date (null while in use), and whether the park is within `roots` (null: the caller
   * sees every park); null (not an id) is known as nothing.
   */
  async known(
    tx: EntityManager,
    parkId: string | null,
    enterpriseId: string | null,
    roots: readonly string[] | null,
  ): Promise<{ park: boolean; enterprise: boolean; parkRetiredOn: string | null; inScope: boolean }> {
    const rows: { park: boolean; enterprise: boolean; parkRetiredOn: string | null; inScope: boolean }[] =
      roots === null
        ? await tx.query(KNOWN, [parkId, enterpriseId])
        : await tx.query(KNOWN_WITHIN, [parkId, enterpriseId, roots]);
    return rows[0] ?? { park: false, enterprise: false, parkRetiredOn: null, inScope: false };
  }

  /** Is the park one of the roots or below one of them? */
  async withinSubtrees(tx: EntityManager, id: string, roots: readonly string[]): Promise<boolean> {
    if (roots.length === 0) return false;
    const rows: unknown[] = await tx.query(withinSubtrees('$1', '$2'), [id, roots]);
    return rows.length === 1;
  }
}

/** A row when the park (placeholder `park`) is one of the roots (a uuid[] placeholder) or below one of them. */
const withinSubtrees = (park: string, roots: string): string => `WITH RECURSIVE up AS (
    SELECT id, parent_id, 0 AS depth FROM known_parks WHERE id = ${park}
    UNION ALL SELECT k.id, k.parent_id, up.depth + 1 FROM known_parks k JOIN up ON k.id = up.parent_id WHERE up.depth < 64
  ) SELECT 1 FROM up WHERE id = ANY(${roots}::uuid[]) LIMIT 1`;

/**
 * A new project's checks, for a caller who sees every park and for one within `$3`'s subtrees
 * (prepared: every registration runs one, and its plan is the same for any values: lookups of keys,
 * the roots a filter of the park's ancestors; one statement for both would be planned anew each
 * time, for whether the roots are null).
 */
const knownChecks = (inScope: string): string =>
  prepared(
    `SELECT EXISTS (SELECT 1 FROM known_parks WHERE id = $1 AND NOT removed) AS park,
            EXISTS (SELECT 1 FROM known_enterprises WHERE id = $2) AS enterprise,
            (SELECT to_char(retired_on, 'YYYY-MM-DD') FROM known_parks WHERE id = $1) AS "parkRetiredOn",
            ${inScope} AS "inScope"`,
  );
const KNOWN = knownChecks('true');
const KNOWN_WITHIN = knownChecks(`EXISTS (${withinSubtrees('$1', '$3')})`);
