import { EventDecodeError, isEventType, type EventType } from './registry';

/**
 * The CloudEvents (binary mode) attributes of a Kafka record, plus parkledger's extensions:
 * aggregate type and version, correlation and causation ids; and CloudEvents' distributed-tracing
 * extension, the W3C trace context of the span that wrote the event, when tracing is on.
 */
export interface EventEnvelope {
  id: string;
  source: string;
  type: EventType;
  time: string;
  subject: string;
  aggregateType: string;
  aggregateVersion: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
}

export const CONTENT_TYPE = 'application/protobuf';

/** A UUID in its canonical form: what the inbox's uuid column takes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function envelopeHeaders(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: envelope.id,
    ce_source: envelope.source,
    ce_type: envelope.type,
    ce_time: envelope.time,
    ce_subject: envelope.subject,
    'content-type': CONTENT_TYPE,
    ce_aggregatetype: envelope.aggregateType,
    ce_aggregateversion: envelope.aggregateVersion,
  };
  if (envelope.correlationId !== undefined) headers.ce_correlationid = envelope.correlationId;
  if (envelope.causationId !== undefined) headers.ce_causationid = envelope.causationId;
  if (envelope.traceparent !== undefined) headers.ce_traceparent = envelope.traceparent;
  if (envelope.tracestate !== undefined) headers.ce_tracestate = envelope.tracestate;
  return headers;
}

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function text(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads the envelope of a Kafka record; anything missing or wrong is an EventDecodeError naming it. */
export function parseEnvelope(headers: RawHeaders | undefined): EventEnvelope {
  const all = headers ?? {};
  const required = (name: string): string => {
    const value = text(all, name);
    if (value === undefined || value === '') throw new EventDecodeError(`missing header ${name}`);
    return value;
  };
  const specversion = required('ce_specversion');
  if (specversion !== '1.0') throw new EventDecodeError(`unsupported ce_specversion "${specversion}"`);
  const contentType = required('content-type');
  if (contentType !== CONTENT_TYPE) throw new EventDecodeError(`unsupported content-type "${contentType}"`);
  const type = required('ce_type');
  if (!isEventType(type)) throw new EventDecodeError(`unknown event type "${type}"`);
  const id = required('ce_id');
  if (!UUID.test(id)) throw new EventDecodeError(`ce_id is not a UUID: ${JSON.stringify(id.slice(0, 64))}`);
  const correlationId = text(all, 'ce_correlationid');
  const causationId = text(all, 'ce_causationid');
  const traceparent = text(all, 'ce_traceparent');
  const tracestate = text(all, 'ce_tracestate');
  return {
    id,
    source: required('ce_source'),
    type,
    time: required('ce_time'),
    subject: required('ce_subject'),
    aggregateType: required('ce_aggregatetype'),
    aggregateVersion: required('ce_aggregateversion'),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(tracestate === undefined ? {} : { tracestate }),
  };
}
