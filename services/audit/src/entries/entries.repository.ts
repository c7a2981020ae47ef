import { type PoolClient } from 'pg';

/** An entry's copy of its record, and where it was read: what its leaf is computed from. */
export interface EntryCopy {
  position: string;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: Buffer;
}

/** The log's entries read in its order for a verifier. Every read runs on the caller's transaction. */
export class EntriesRepository {
  /** The copies of the entries at positions `from` to `from + count - 1` (those the log holds), in log order. */
  async copies(tx: PoolClient, from: number, count: number): Promise<EntryCopy[]> {
    const { rows } = await tx.query<EntryCopy>(
      `SELECT e.position::text, e.topic, e."partition" AS partition, e."offset"::text AS offset, e.headers, e.value
       FROM entries e WHERE e.position >= $1 AND e.position < $1 + $2 ORDER BY e.position`,
      [from, count],
    );
    return rows;
  }
}
