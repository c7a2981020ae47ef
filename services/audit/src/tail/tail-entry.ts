import { EventDecodeError, eventJson, type TailEntryJson } from '@parkledger/contracts';
import { type TailRow } from './tail.repository';

/** An entry as the tail sends it, its event decoded through the registry and rendered as JSON once. */
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

/** The payload as JSON text; an entry logged as readable decodes, and one that ever did not goes without it. */
function payloadJson(type: string, value: Buffer): string {
  try {
    return JSON.stringify(eventJson(type, value));
  } catch (error) {
    if (!(error instanceof EventDecodeError)) throw error;
    return '';
  }
}
