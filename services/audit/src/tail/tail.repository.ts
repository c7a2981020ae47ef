import { type Pool } from 'pg';
import { type TailFilter } from './tail-request';

/** An entry as the tail reads it: the log's columns, the exact ce_time, and the record's value. */
export interface TailRow {
  position: string;
  leaf: Buffer;
  event_id: string | null;
  event_type: string | null;
  aggregate_type: string | null;
  aggregate_id: string | null;
  aggregate_version: string | null;
  /** ce_time as the record carries it (the column holds it as timestamptz, to the microsecond) */
  occurred_at: string | null;
  correlation_id: string | null;
  topic: string;
  partition: number;
  offset: string;
  logged_at: Date;
  value: Buffer;
}

/** What the tail reads of the log: its last position, and its entries after one. */
export interface TailSource {
  /** the last position logged; -1 while the log is empty */
  lastPosition(): Promise<number>;
  /**
   * Up to `limit` entries after `after` in the log's order: every one, or those `filter` lets
   * through up to `upto` (a catch-up to where the live entries start).
   */
  after(after: number, limit: number, range?: { upto: number; filter: TailFilter }): Promise<TailRow[]>;
}

/**
 * The log's entries for the tail, each read one statement at a time on the pool. Positions are
 * given out under the log's lock, held to the commit: an entry is seen only once all before it are,
 * so reading after the last position seen never skips one.
 */
export class TailRepository implements TailSource {
  constructor(private readonly pool: Pool) {}

  async lastPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ last: string }>(
      'SELECT coalesce(max(position), -1)::text AS last FROM entries',
    );
    return Number(rows[0]?.last ?? '-1');
  }

  async after(after: number, limit: number, range?: { upto: number; filter: TailFilter }): Promise<TailRow[]> {
    const filter = range?.filter;
    const types = filter === undefined || filter.types.size === 0 ? null : [...filter.types];
    const { rows } = await this.pool.query<TailRow>(
      `SELECT e.position::text AS position, e.leaf, e.event_id::text AS event_id, e.event_type, e.aggregate_type,
              e.aggregate_id, e.aggregate_version::text AS aggregate_version,
              CASE WHEN e.event_type IS NULL THEN NULL ELSE e.headers ->> 'ce_time' END AS occurred_at,
              e.correlation_id, e.topic, e."partition" AS partition, e."offset"::text AS offset, e.logged_at, e.value
       FROM entries e
       WHERE e.position > $1 AND ($2::bigint IS NULL OR e.position <= $2)
         AND ($3::text[] IS NULL OR e.event_type = ANY($3))
         AND ($4::text IS NULL OR e.aggregate_type = $4)
         AND ($5::text IS NULL OR e.aggregate_id = $5)
       ORDER BY e.position LIMIT $6`,
      [after, range?.upto ?? null, types, filter?.aggregateType ?? null, filter?.aggregateId ?? null, limit],
    );
    return rows;
  }
}
