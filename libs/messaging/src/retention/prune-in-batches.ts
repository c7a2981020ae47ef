import { sleep } from '../sql';

export interface PruneOptions {
  /** rows one statement deletes at most */
  batchSize?: number;
  /** the pause between two statements, so writers and vacuum keep up */
  pauseMs?: number;
  /** checked before each statement: stop early (e.g. at shutdown) */
  running?: () => boolean;
}

/**
 * Runs a DELETE of at most one batch again and again, each its own short autocommit statement,
 * with a pause between, until it deletes fewer rows than a batch; returns how many it deleted.
 * `sql` takes the batch size as $1 and `params` from $2 on. It should pick its rows with
 * `... LIMIT $1 FOR UPDATE SKIP LOCKED`, so it never waits for a row a writer holds.
 */
export async function pruneInBatches(
  pool: { query(sql: string, params: unknown[]): Promise<{ rowCount: number | null }> },
  sql: string,
  params: readonly unknown[],
  options: PruneOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const pauseMs = options.pauseMs ?? 100;
  let total = 0;
  while (options.running?.() ?? true) {
    const { rowCount } = await pool.query(sql, [batchSize, ...params]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) break;
    await sleep(pauseMs);
  }
  return total;
}
