import { encodeEvent, envelopeHeaders, topicOf, EVENTS, type EventInit, type EventType } from '@parkledger/contracts';
import { activeTraceContext, currentCorrelationId, uuidv7 } from '@parkledger/platform';
import { prepared } from '../prepared';
import { ident, type SqlExecutor, type Statement } from '../sql';

/** An event to append: its type, the aggregate it belongs to, and its payload. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    aggregateId: string;
    /** 1 for the aggregate's first event, then 2, 3, ...: the order consumers see */
    aggregateVersion: bigint | number;
    payload: EventInit<T>;
    /** the id of the event or command that caused this one */
    causationId?: string;
    occurredAt?: Date;
  };
}[EventType];

export const outboxChannel = (schema: string): string => `outbox_${schema}`;

/**
 * The transactional outbox: events are appended in the caller's transaction, so they are
 * committed exactly when the change that caused them is, and never otherwise.
 */
export class Outbox {
  private readonly table: string;
  /** the statement that appends rows, given as arrays */
  private readonly insert: string;

  constructor(
    private readonly schema: string,
    /** CloudEvents source of this service, e.g. "/parkledger/park-registry" */
    private readonly source: string,
    /** put before every topic name, to give a test or an environment topics of its own */
    private readonly topicPrefix = '',
  ) {
    this.table = `${ident(schema)}.outbox`;
    // prepared: every write with events runs it, and its one plan is to insert the arrays' rows
    this.insert = prepared(`INSERT INTO ${this.table}
         (event_id, topic, event_type, aggregate_type, aggregate_id, aggregate_version, payload, headers, occurred_at)
       SELECT event_id, topic, event_type, aggregate_type, aggregate_id, aggregate_version, payload, headers, occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bytea[], $8::jsonb[], $9::timestamptz[])
              WITH ORDINALITY AS given (event_id, topic, event_type, aggregate_type, aggregate_id, aggregate_version, payload, headers, occurred_at, n)
        ORDER BY n`);
  }

  /** Appends events inside `tx`, which must be an open transaction; returns their event ids. */
  async append(tx: SqlExecutor, events: readonly NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const statement = this.statement(events);
    await tx.query(statement.text, statement.params);
    return statement.ids;
  }

  /**
   * The statement that appends `events` (one or more), with the events' ids, for a caller that
   * sends it with others in one round trip (asOneStatement).
   */
  statement(events: readonly NewEvent[]): Statement & { ids: string[] } {
    if (events.length === 0) throw new Error('no events to append');
    const correlationId = currentCorrelationId();
    const trace = activeTraceContext(); // the writing span's, for the consumers' spans to follow
    const rows = events.map((event) => {
      const id = uuidv7();
      const time = (event.occurredAt ?? new Date()).toISOString();
      const headers = envelopeHeaders({
        id,
        source: this.source,
        type: event.type,
        time,
        subject: event.aggregateId,
        aggregateType: EVENTS[event.type].aggregate,
        aggregateVersion: String(event.aggregateVersion),
        ...(correlationId === undefined ? {} : { correlationId }),
        ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
        ...trace,
      });
      return {
        id,
        topic: `${this.topicPrefix}${topicOf(event.type)}`,
        type: event.type,
        aggregateType: EVENTS[event.type].aggregate,
        aggregateId: event.aggregateId,
        version: String(event.aggregateVersion),
        payload: Buffer.from(encodeEvent(event.type, event.payload as never)),
        headers: JSON.stringify(headers),
        time,
      };
    });
    // One round trip for all the rows, their positions (the relay's order) in the order given:
    // ORDER BY the ordinality, not left to how the plan happens to produce them. No NOTIFY here: it
    // would hold Postgres's notification lock from the commit's start to its end, one committing
    // transaction at a time; the service wakes its relay after the commit instead
    // (OutboxRelay.rowsCommitted).
    return {
      text: this.insert,
      params: [
        rows.map((r) => r.id),
        rows.map((r) => r.topic),
        rows.map((r) => r.type),
        rows.map((r) => r.aggregateType),
        rows.map((r) => r.aggregateId),
        rows.map((r) => r.version),
        rows.map((r) => r.payload),
        rows.map((r) => r.headers),
        rows.map((r) => r.time),
      ],
      ids: rows.map((r) => r.id),
    };
  }
}
