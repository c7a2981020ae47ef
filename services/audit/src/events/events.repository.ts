import { type PoolClient } from 'pg';
import { type Aggregate, type SearchQuery } from './event-requests';

/** An entry of the log as the events' reads give it: its record, envelope, leaf and chain link. */
export interface EventRow {
  position: string;
  leaf: Buffer;
  /** its aggregate chain's link; null when not linked */
  link: Buffer | null;
  topic: string;
  partition: number;
  offset: string;
  event_id: string | null;
  event_type: string | null;
  aggregate_type: string | null;
  aggregate_id: string | null;
  aggregate_version: string | null;
  occurred_at: Date | null;
  correlation_id: string | null;
  headers: Record<string, string>;
  value: Buffer;
  /** in a history, for an event of another aggregate: what of it the event names */
  via_type?: string;
  via_id?: string;
}

const COLUMNS = `e.position::text AS position, e.leaf, l.link, e.topic, e."partition" AS partition,
  e."offset"::text AS offset, e.event_id::text AS event_id, e.event_type, e.aggregate_type, e.aggregate_id,
  e.aggregate_version::text AS aggregate_version, e.occurred_at, e.correlation_id, e.headers, e.value`;

/** The mentions through which a project's history reaches further: a fund's investment in it, and a journal entry of one. */
const THROUGH = ['investment', 'journal-entry'];

/** The log's entries read as events: by filters, and as an aggregate's history. Every read runs on the caller's transaction. */
export class EventsRepository {
  /** The entries matching every filter given, after a position, in log order: up to `limit`. */
  async search(tx: PoolClient, query: SearchQuery, limit: number): Promise<EventRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const filter = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.aggregate !== undefined) filter((p) => `e.aggregate_type = ${p}`, query.aggregate.type);
    if (query.aggregate?.id !== undefined) filter((p) => `e.aggregate_id = ${p}`, query.aggregate.id);
    if (query.eventType !== undefined) filter((p) => `e.event_type = ${p}`, query.eventType);
    if (query.occurredFrom !== undefined) filter((p) => `e.occurred_at >= ${p}::timestamptz`, query.occurredFrom);
    if (query.occurredTo !== undefined) filter((p) => `e.occurred_at < ${p}::timestamptz`, query.occurredTo);
    if (query.correlationId !== undefined) filter((p) => `e.correlation_id = ${p}`, query.correlationId);
    if (query.after !== undefined) filter((p) => `e.position > ${p}`, query.after);
    params.push(limit);
    const { rows } = await tx.query<EventRow>(
      `SELECT ${COLUMNS} FROM entries e LEFT JOIN links l ON l.position = e.position
       ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
       ORDER BY e.position LIMIT $${params.length}`,
      params,
    );
    return rows;
  }

  /**
   * The aggregate's own entries in version order (a second copy of a version after the first), after
   * a version and position: up to `limit`.
   */
  async own(
    tx: PoolClient,
    aggregate: Aggregate,
    after: { version: bigint; position: number } | undefined,
    limit: number,
  ): Promise<EventRow[]> {
    const { rows } = await tx.query<EventRow>(
      `SELECT ${COLUMNS} FROM entries e LEFT JOIN links l ON l.position = e.position
       WHERE e.aggregate_type = $1 AND e.aggregate_id = $2
         AND ($3::bigint IS NULL OR (e.aggregate_version, e.position) > ($3::bigint, $4::bigint))
       ORDER BY e.aggregate_version, e.position LIMIT $5`,
      [
        aggregate.type,
        aggregate.id,
        after === undefined ? null : String(after.version),
        after?.position ?? null,
        limit,
      ],
    );
    return rows;
  }

  /**
   * The entries of other aggregates attached to this one, after a position, in log order: up to
   * `limit`. Attached are the events that name it (a project: by a fund's investment in it, an award
   * or application, a milestone), then those that name an investment or journal entry named with it
   * (the investment's valuations, exits and write-offs), then those that name a journal entry of
   * those (a reversal). Each comes once, with the mention that attached it first.
   */
  async attached(tx: PoolClient, aggregate: Aggregate, after: number | undefined, limit: number): Promise<EventRow[]> {
    const { rows } = await tx.query<EventRow>(
      `WITH direct AS (
         SELECT m.position, m.type, m.id, 0 AS hop FROM mentions m WHERE m.type = $1 AND m.id = $2
       ), invested AS (
         SELECT m.position, n.type, n.id, 1 AS hop FROM mentions n
         JOIN mentions m ON m.type = n.type AND m.id = n.id
         WHERE n.position IN (SELECT position FROM direct) AND n.type = ANY($3::text[])
       ), reversed AS (
         SELECT m.position, n.type, n.id, 2 AS hop FROM mentions n
         JOIN mentions m ON m.type = n.type AND m.id = n.id
         WHERE n.position IN (SELECT position FROM invested) AND n.type = 'journal-entry'
       ), attached AS (
         SELECT DISTINCT ON (position) position, type, id FROM (
           SELECT * FROM direct UNION ALL SELECT * FROM invested UNION ALL SELECT * FROM reversed
         ) a ORDER BY position, hop, type, id
       )
       SELECT ${COLUMNS}, a.type AS via_type, a.id AS via_id
       FROM attached a JOIN entries e ON e.position = a.position LEFT JOIN links l ON l.position = e.position
       WHERE ($4::bigint IS NULL OR a.position > $4)
         AND (e.aggregate_type IS DISTINCT FROM $1 OR e.aggregate_id IS DISTINCT FROM $2)
       ORDER BY a.position LIMIT $5`,
      [aggregate.type, aggregate.id, THROUGH, after ?? null, limit],
    );
    return rows;
  }
}
