import { toJson, type DescMessage } from '@bufbuild/protobuf';
import { decodeEvent, EVENTS, EventDecodeError, type LoggedEventJson } from '@parkledger/contracts';
import { type EventRow } from './events.repository';

/**
 * An entry as an auditor reads it: its place in the log and its chain, its record as logged (from
 * which anyone recomputes its leaf, and from the leaves the chain's links), and its payload decoded
 * through the event registry into protobuf's JSON mapping, every field present.
 */
export function loggedEventJson(row: EventRow): LoggedEventJson {
  return {
    position: row.position,
    leafHash: row.leaf.toString('base64'),
    link: row.link?.toString('base64') ?? '',
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    eventId: row.event_id ?? '',
    eventType: row.event_type ?? '',
    aggregateType: row.aggregate_type ?? '',
    aggregateId: row.aggregate_id ?? '',
    aggregateVersion: row.aggregate_version ?? '0',
    occurredAt: row.occurred_at?.toISOString() ?? '',
    correlationId: row.correlation_id ?? '',
    headers: row.headers,
    value: row.value.toString('base64'),
    payloadJson: row.event_type === null ? '' : payloadJson(row.event_type, row.value),
    ...(row.via_type === undefined || row.via_id === undefined
      ? {}
      : { attachedBy: { type: row.via_type, id: row.via_id } }),
  };
}

/** The payload as JSON text; empty when the registry no longer reads it (it read it when logged). */
export function payloadJson(type: string, value: Uint8Array): string {
  try {
    const event = decodeEvent(type, value);
    const schema: DescMessage = EVENTS[event.type].schema;
    return JSON.stringify(toJson(schema, event.payload, { alwaysEmitImplicit: true }));
  } catch (error) {
    if (error instanceof EventDecodeError) return '';
    throw error;
  }
}
