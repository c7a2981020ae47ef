import { type TailEntryJson } from '@parkledger/contracts';
import { payloadJson } from '../events/event-json';
import { type TailRow } from './tail.repository';

/** An entry as the tail sends it, its payload decoded through the registry and rendered as JSON once, as the events' search renders it. */
export function tailEntry(row: TailRow): TailEntryJson {
  return {
    position: row.position,
    leafHash: row.leaf.toString('base64'),
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    loggedAt: row.logged_at.toISOString(),
    ...(row.event_type === null
      ? {}
      : {
          eventId: row.event_id ?? '',
          eventType: row.event_type,
          aggregateType: row.aggregate_type ?? '',
          aggregateId: row.aggregate_id ?? '',
          aggregateVersion: row.aggregate_version ?? '0',
          occurredAt: row.occurred_at ?? '',
          correlationId: row.correlation_id ?? '',
          payloadJson: payloadJson(row.event_type, row.value),
        }),
  };
}
