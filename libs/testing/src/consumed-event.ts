import {
  decodeEvent,
  encodeEvent,
  envelopeHeaders,
  parseEnvelope,
  type EventInit,
  type EventType,
} from '@parkledger/contracts';
import { type ConsumedEvent } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';

/**
 * An event of another service as a consumer hands it to a read model, encoded and decoded as on
 * the wire but without a broker in between: for a read model's integration spec.
 */
export function consumedEvent<T extends EventType>(
  type: T,
  aggregateId: string,
  version: number,
  payload: EventInit<T>,
): ConsumedEvent {
  const headers = envelopeHeaders({
    id: uuidv7(),
    source: '/parkledger/test',
    type,
    time: new Date().toISOString(),
    subject: aggregateId,
    aggregateType: type.split('.')[1] ?? '',
    aggregateVersion: String(version),
  });
  return {
    envelope: parseEnvelope(headers),
    event: decodeEvent(type, encodeEvent(type, payload)),
    topic: 't',
    partition: 0,
    offset: '0',
  };
}
