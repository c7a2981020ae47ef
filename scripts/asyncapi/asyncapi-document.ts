import { type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import {
  CONTENT_TYPE,
  envelopeHeaders,
  EventDecodeError,
  EVENTS,
  parseEnvelope,
  POLICY_KEY_MAX_LENGTH,
  POLICY_KEY_PATTERN,
  type EventType,
} from '@parkledger/contracts';
import { isReadModel, type ConsumerDeclaration } from '@parkledger/service-kit';
import { SERVICES } from '../infra/services';
import { commentsOf } from './proto-source';
import { ProtobufJsonSchemas, type JsonSchema } from './protobuf-json-schema';

type Aggregate = (typeof EVENTS)[EventType]['aggregate'];

/** A service that consumes events, as `npm run replay` knows it: its folder and its declared consumers. */
export interface ConsumingService {
  service: string;
  consumers: readonly ConsumerDeclaration[];
}

const SCHEMAS = '#/components/schemas/';
const KAFKA_BINDING = '0.5.0';

/**
 * What a record's key holds for each aggregate: its id, as its events carry it (the audit API checks
 * them the same way). A new aggregate in the registry is a type error here until its key is said.
 */
const AGGREGATE_KEYS = {
  probe: { type: 'string', description: "the probe's id (a UUIDv7 in parkledger's own probes)" },
  park: { type: 'string', format: 'uuid', description: "the park's id (a UUIDv7)" },
  enterprise: { type: 'string', format: 'uuid', description: "the enterprise's id (a UUIDv7)" },
  settlement: { type: 'string', format: 'uuid', description: "the settlement's id (a UUIDv7)" },
  project: { type: 'string', format: 'uuid', description: "the project's id (a UUIDv7)" },
  fund: { type: 'string', format: 'uuid', description: "the fund's id (a UUIDv7)" },
  policy: {
    type: 'string',
    pattern: POLICY_KEY_PATTERN.source,
    maxLength: POLICY_KEY_MAX_LENGTH,
    description: "the policy's key, the same in every version (e.g. jinan-2019-biomedical)",
  },
  award: { type: 'string', format: 'uuid', description: "the award's id, its application's (a UUIDv7)" },
  checkpoint: {
    type: 'string',
    description:
      "the audit log's origin, the first line of its checkpoints (AUDIT_ORIGIN; parkledger.local/audit by default)",
  },
} as const satisfies Record<Aggregate, JsonSchema & { description: string }>;

/** What each header of the envelope holds; a header cloudevents.ts writes without a line here fails the build. */
const HEADER_MEANINGS: Record<string, JsonSchema & { description: string }> = {
  ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents specversion' },
  ce_id: {
    type: 'string',
    format: 'uuid',
    description: "CloudEvents id: the event's id, a UUIDv7; a record republished after a relay's crash has the same id",
  },
  ce_source: { type: 'string', description: 'CloudEvents source: /parkledger/<the publishing service>' },
  ce_type: { type: 'string', description: 'CloudEvents type: parkledger.<aggregate>.<past-verb>.v1' },
  ce_time: {
    type: 'string',
    format: 'date-time',
    description: 'CloudEvents time: when the change was made (UTC, RFC 3339 with milliseconds)',
  },
  ce_subject: { type: 'string', description: "CloudEvents subject: the aggregate's id, the same as the record's key" },
  'content-type': {
    type: 'string',
    const: CONTENT_TYPE,
    description: 'the CloudEvents datacontenttype of the binary mode: the value is a protobuf message',
  },
  ce_aggregatetype: { type: 'string', description: 'extension: the aggregate the event belongs to' },
  ce_aggregateversion: {
    type: 'string',
    pattern: '^[1-9][0-9]*$',
    description:
      "extension: the aggregate's version after the event, 1 for its first, then 2, 3, ... (decimal text); a consumer applies only versions newer than it holds",
  },
  ce_correlationid: {
    type: 'string',
    description:
      'extension: the correlation id of the request that made the change (x-correlation-id), when there was one',
  },
  ce_causationid: {
    type: 'string',
    description: 'extension: the id of the event or command that caused this one, when the producer gives it',
  },
  ce_traceparent: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description:
      "CloudEvents distributed-tracing extension: the W3C traceparent of the span that wrote the event (its transaction, or the consumer that made it), when tracing is on; a consumer traces its processing as that span's child",
  },
  ce_tracestate: {
    type: 'string',
    description:
      'CloudEvents distributed-tracing extension: the W3C tracestate that went with the traceparent, when there was one',
  },
};

/**
 * The headers cloudevents.ts writes, in its order, and which of them its reader requires: every one
 * whose absence parseEnvelope refuses.
 */
function envelopeHeaderNames(): { name: string; required: boolean }[] {
  const full = envelopeHeaders({
    id: '01890a5d-ac96-774b-bcce-b302099a8057',
    source: '/parkledger/example',
    type: 'parkledger.park.registered.v1',
    time: '2026-01-15T00:00:00.000Z',
    subject: '01890a5d-ac96-774b-bcce-b302099a8058',
    aggregateType: 'park',
    aggregateVersion: '1',
    correlationId: 'c',
    causationId: 'c',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    tracestate: 'vendor=value',
  });
  parseEnvelope(full); // the complete envelope reads
  return Object.keys(full).map((name) => {
    const { [name]: _left, ...rest } = full;
    try {
      parseEnvelope(rest);
      return { name, required: false };
    } catch (error) {
      if (error instanceof EventDecodeError) return { name, required: true };
      throw error;
    }
  });
}

/** The service whose proto/ area the event's message is in: parkledger.<area>.v1 is services/<area, hyphenated>. */
function publisherOf(schema: DescMessage): string | undefined {
  const area = /^parkledger\.([a-z_]+)\.v\d+\./.exec(schema.typeName)?.[1];
  const service = area?.replace(/_/g, '-');
  return SERVICES.some((spec) => spec.name === service) ? service : undefined;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');
const firstSentence = (text: string): string => /^.*?\.(?=\s|$)/.exec(text)?.[0] ?? text;

interface EventInfo {
  type: EventType;
  topic: string;
  aggregate: Aggregate;
  /** the message as buf compiles proto/, with its comments */
  message: DescMessage;
  publisher: string | undefined;
}

function eventsOf(protos: FileRegistry): EventInfo[] {
  return (Object.keys(EVENTS) as EventType[]).map((type) => {
    const definition = EVENTS[type];
    const message = protos.getMessage(definition.schema.typeName);
    if (message === undefined) throw new Error(`${type}: proto/ has no message ${definition.schema.typeName}`);
    return { type, topic: definition.topic, aggregate: definition.aggregate, message, publisher: publisherOf(message) };
  });
}

const channelRef = (topic: string) => ({ $ref: `#/channels/${topic}` });
const messageRef = (topic: string, type: string) => ({ $ref: `#/channels/${topic}/messages/${type}` });

/** The headers every message has alike, as shared schemas: `header.<name>`. */
function sharedHeaders(names: readonly { name: string }[]): Record<string, JsonSchema> {
  return Object.fromEntries(
    names.map(({ name }) => {
      const meaning = HEADER_MEANINGS[name];
      if (meaning === undefined) throw new Error(`cloudevents.ts writes ${name}: say what it holds in HEADER_MEANINGS`);
      return [`header.${name}`, meaning];
    }),
  );
}

/** A message's headers: the shared ones by reference, those that name its event, service and aggregate spelt out. */
function headersOf(event: EventInfo, names: readonly { name: string; required: boolean }[]): JsonSchema {
  const own: Record<string, JsonSchema> = {
    ce_type: { ...HEADER_MEANINGS.ce_type, const: event.type },
    ce_subject: { ...AGGREGATE_KEYS[event.aggregate], description: HEADER_MEANINGS.ce_subject?.description },
    ce_aggregatetype: { ...HEADER_MEANINGS.ce_aggregatetype, const: event.aggregate },
    ...(event.publisher === undefined
      ? {}
      : { ce_source: { ...HEADER_MEANINGS.ce_source, const: `/parkledger/${event.publisher}` } }),
  };
  return {
    type: 'object',
    description:
      "Kafka record headers, UTF-8 text: the CloudEvents attributes in the binary content mode, and parkledger's extensions. Other headers may come (a dead-lettered copy carries dlq_* ones).",
    required: names.filter((header) => header.required).map((header) => header.name),
    properties: Object.fromEntries(names.map(({ name }) => [name, own[name] ?? { $ref: `${SCHEMAS}header.${name}` }])),
  };
}

function consumerDescription(service: string, consumer: ConsumerDeclaration): string {
  const group = `Consumer \`${consumer.name}\` of ${service}, in the consumer group of that name (after KAFKA_GROUP_PREFIX, empty by default), reads every record of the topic`;
  if (isReadModel(consumer)) {
    const tables = consumer.readModel.map((table) => table.table).join(', ');
    return `${group} and applies each event once through its inbox to a read model (${service}'s tables ${tables}); \`npm run replay\` rebuilds it from offset 0 and compares.`;
  }
  if ('builtIn' in consumer) {
    return `${group} (services/${service}/${consumer.builtIn}). Not replayed: ${consumer.notReplayed}.`;
  }
  return `${group} and applies each event once through its inbox. Not replayed: ${consumer.notReplayed}.`;
}

/**
 * The AsyncAPI 3.0 document of parkledger's events: a channel per topic of the event registry, a
 * message per event type with its CloudEvents headers, its key and the JSON Schema of its protobuf
 * message's JSON mapping, an operation per topic a service publishes to and per topic a consumer
 * reads.
 */
export function asyncApiDocument(protos: FileRegistry, consuming: readonly ConsumingService[]): JsonSchema {
  const events = eventsOf(protos);
  const headerNames = envelopeHeaderNames();
  const schemas = new ProtobufJsonSchemas((typeName) => `${SCHEMAS}${typeName}`);
  const topics = [...new Set(events.map((event) => event.topic))];

  const messages: Record<string, JsonSchema> = {};
  for (const event of events) {
    // a message's comment starts with its type, and may say more after a colon
    const comment = commentsOf(event.message).leading;
    const said = comment.startsWith(event.type) ? comment.slice(event.type.length).replace(/^:\s*/, '') : comment;
    const [, aggregate, verb] = event.type.split('.');
    const happened = `${aggregate} ${verb?.replace(/-/g, ' ')}`;
    messages[event.type] = {
      name: event.type,
      title: event.message.name,
      summary: said === '' ? happened : `${happened}: ${firstSentence(oneLine(said))}`,
      description:
        (said === '' ? '' : `${said}\n\n`) +
        `The value is ${event.message.typeName} (proto/${event.message.file.proto.name}) in protobuf's binary encoding; the payload schema is its JSON mapping.`,
      contentType: CONTENT_TYPE,
      headers: headersOf(event, headerNames),
      payload: schemas.message(event.message),
      correlationId: {
        description: 'the request that made the change',
        location: '$message.header#/ce_correlationid',
      },
      bindings: { kafka: { key: AGGREGATE_KEYS[event.aggregate], bindingVersion: KAFKA_BINDING } },
      'x-protobuf-message': event.message.typeName,
    };
  }

  const channels: Record<string, JsonSchema> = {};
  for (const topic of topics) {
    const on = events.filter((event) => event.topic === topic);
    const aggregates = [...new Set(on.map((event) => event.aggregate))];
    const publishers = [...new Set(on.flatMap((event) => (event.publisher === undefined ? [] : [event.publisher])))];
    // what proto/ says of the topic: a comment set apart above one of its messages that names it
    const said = [
      ...new Set(on.flatMap((event) => commentsOf(event.message).detached.filter((text) => text.includes(topic)))),
    ];
    const keyed = aggregates.map((aggregate) => `${aggregate} events by ${AGGREGATE_KEYS[aggregate].description}`);
    channels[topic] = {
      address: topic,
      title: topic,
      summary: `${aggregates.join(' and ')} events`,
      description: [
        `Keyed by the aggregate's id (the ce_subject header): ${keyed.join('; ')}. One aggregate's events are in one partition, in version order.`,
        publishers.length === 0
          ? 'No service of parkledger publishes here; the topic exists for diagnostics (the messaging tests publish probes).'
          : `Published by ${publishers.join(', ')} through its transactional outbox: an event reaches the topic once its change is committed, at least once.`,
        ...said,
      ].join('\n\n'),
      messages: Object.fromEntries(on.map((event) => [event.type, { $ref: `#/components/messages/${event.type}` }])),
      bindings: { kafka: { bindingVersion: KAFKA_BINDING } },
    };
  }

  const operations: Record<string, JsonSchema> = {};
  for (const topic of topics) {
    const on = events.filter((event) => event.topic === topic);
    for (const publisher of [...new Set(on.map((event) => event.publisher))]) {
      if (publisher === undefined) continue;
      const sent = on.filter((event) => event.publisher === publisher);
      operations[`${publisher}.send.${topic}`] = {
        action: 'send',
        channel: channelRef(topic),
        title: `${publisher} publishes to ${topic}`,
        description: `${publisher}'s outbox relay publishes the events its transactions appended, in order per aggregate, with an idempotent producer and acks=all.`,
        messages: sent.map((event) => messageRef(topic, event.type)),
      };
    }
  }
  for (const { service, consumers } of consuming) {
    for (const consumer of consumers) {
      for (const topic of consumer.topics) {
        if (!topics.includes(topic))
          throw new Error(`${consumer.name} reads ${topic}, which the event registry does not have`);
        operations[`${consumer.name}.receive.${topic}`] = {
          action: 'receive',
          channel: channelRef(topic),
          title: `${consumer.name} reads ${topic}`,
          description: consumerDescription(service, consumer),
          messages: events.filter((event) => event.topic === topic).map((event) => messageRef(topic, event.type)),
          bindings: { kafka: { groupId: { type: 'string', enum: [consumer.name] }, bindingVersion: KAFKA_BINDING } },
        };
      }
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'parkledger events',
      version: '1',
      description: INFO,
    },
    defaultContentType: CONTENT_TYPE,
    channels,
    operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))),
    components: { messages, schemas: { ...sharedHeaders(headerNames), ...schemas.all() } },
  };
}

const INFO = `Every event parkledger publishes on Kafka, for the consumers of its topics. Generated from proto/ and the event registry (libs/contracts/src/registry.ts) by scripts/asyncapi (\`npm run asyncapi:gen\`); a unit test fails when this file drifts from them.

**Channels** are the topics of the event registry, each named by its address. A topic is per aggregate type (the awards topic holds two: policies and awards). A record's key is its aggregate's id as UTF-8 text (each message's Kafka binding gives it), so one aggregate's events are in one partition, in the order of their aggregate version. Test runs put KAFKA_TOPIC_PREFIX before every topic; a deployment leaves it empty.

**Messages** are the event types. A record is a CloudEvent in the Kafka protocol binding's binary content mode: the attributes are record headers (ce_specversion, ce_id, ce_source, ce_type, ce_time, ce_subject, content-type), with parkledger's extensions ce_aggregatetype, ce_aggregateversion, ce_correlationid and ce_causationid, and the distributed-tracing extension's ce_traceparent and ce_tracestate when tracing is on; each message's headers schema says which are required and what each holds.

**Payloads.** The record's value is the event's protobuf message (content-type application/protobuf) in the binary encoding: decode it with the message each event names (x-protobuf-message; the .proto files under proto/). Each payload schema here is JSON Schema (the AsyncAPI 3.0 schema format, a superset of draft-07, which the AsyncAPI parser validates) of that message's canonical protobuf JSON mapping, which a consumer gets from its protobuf library's JSON printer after decoding (the audit API's \`payload\` is the same mapping with every field present): fields by lowerCamelCase name, a field at its default value absent, 64-bit integers as decimal strings, bytes as base64. Money is parkledger.common.v1.Money, {"minorUnits": "<integer count of the currency's minor unit>", "currency": "<ISO 4217>"}: 13,000,000,000.00 CNY is {"minorUnits": "1300000000000", "currency": "CNY"}. The schemas refuse no field they do not list: a later version of a message may add fields, and a consumer should ignore those it does not know.

**Delivery** is at least once: a relay that crashes between publishing and marking its rows publishes them again (same ce_id), and a consumer that loses its group membership reads records again. parkledger's own consumers apply each event once, by its ce_id (an inbox), and its read models take only aggregate versions newer than those they hold: a consumer of these topics should do the same. parkledger's consumers send a record they can't decode or keep failing to apply to \`<topic>.dlq\`, with dlq_* headers saying why (the audit log instead records it as an anomaly); the dead-letter topics are not described here.

**Operations** are the services that publish each topic (send) and the consumers each service declares in its src/consumers.ts (receive, with the consumer group).`;
