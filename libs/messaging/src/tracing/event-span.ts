import { receivedTraceContext, SpanKind, startSpan, tracingEnabled, type Span } from '@parkledger/platform';

/** Where a consumer read an event: what its span names. */
export interface EventRead {
  envelope: { id: string; type: string; traceparent?: string; tracestate?: string };
  topic: string;
  partition: number;
  offset: string;
}

/**
 * A consumer's span for one event, the child of the span that wrote it (the event's
 * `ce_traceparent`), so one trace runs from the request across Kafka to every consumer. Undefined
 * when tracing is off.
 */
export function eventSpan(consumer: string, read: EventRead, startTime?: number): Span | undefined {
  if (!tracingEnabled()) return undefined;
  const { traceparent, tracestate } = read.envelope;
  return startSpan(`process ${read.topic}`, {
    kind: SpanKind.CONSUMER,
    parent: receivedTraceContext({ traceparent, tracestate }),
    ...(startTime === undefined ? {} : { startTime }),
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': read.topic,
      'messaging.destination.partition.id': String(read.partition),
      'messaging.kafka.offset': Number(read.offset),
      'messaging.consumer.group.name': consumer,
      'messaging.message.id': read.envelope.id,
      'cloudevents.event_id': read.envelope.id,
      'cloudevents.event_type': read.envelope.type,
    },
  });
}
