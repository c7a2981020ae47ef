import { readFileSync } from 'node:fs';
import { create, toJson, type DescMessage } from '@bufbuild/protobuf';
import { ASYNCAPI_FILE, allTopics, envelopeHeaders, EVENTS, type EventType } from '@parkledger/contracts';
import { CONSUMING_SERVICES, currentAsyncApi, formatAsyncApi, validateAsyncApi } from './asyncapi-file';
import { closed, filledJson, validatorOf } from './json-samples';
import { type JsonSchema } from './protobuf-json-schema';

const committed = readFileSync(ASYNCAPI_FILE, 'utf8');
const document = JSON.parse(committed) as {
  channels: Record<string, JsonSchema & { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, JsonSchema & { action: string; channel: { $ref: string } }>;
  components: { messages: Record<string, JsonSchema & { bindings: { kafka: { key: JsonSchema } } }> };
};
const types = Object.keys(EVENTS) as EventType[];
const validate = validatorOf(closed(document as unknown as JsonSchema));

describe('the AsyncAPI document of the events (libs/contracts/asyncapi.json)', () => {
  it('is committed as proto/, the event registry and the consumer lists give it (regenerate with npm run asyncapi:gen)', () => {
    expect(formatAsyncApi(currentAsyncApi())).toBe(committed);
  });

  it('passes the AsyncAPI parser: no error or warning, and the one information it may have', async () => {
    const { lines, refused, parsed } = await validateAsyncApi(committed);
    expect(parsed).toBe(true);
    expect(refused).toEqual([]);
    expect(lines).toEqual([
      'information asyncapi-latest-version at /asyncapi: The latest version of AsyncAPi is not used. It is recommended update to the "3.1.0" version.',
    ]);
  });

  it('refuses, through the same check, a document the parser finds fault with', async () => {
    const broken = {
      asyncapi: '3.0.0',
      info: { title: 'broken', version: '1' },
      operations: { send: { action: 'send', channel: { $ref: '#/channels/parkledger.nothing.v1' } } },
    };
    const { refused } = await validateAsyncApi(JSON.stringify(broken));
    expect(refused).toEqual([
      "error invalid-ref at /operations/send/channel/$ref: '#/channels/parkledger.nothing.v1' does not exist",
    ]);
  });

  it('has a channel per topic of the registry, at its address, with the messages of the events on it', () => {
    expect(Object.keys(document.channels)).toEqual(allTopics());
    expect(Object.keys(document.channels)).toHaveLength(8);
    for (const topic of allTopics()) {
      expect(document.channels[topic]?.address).toBe(topic);
      expect(Object.keys(document.channels[topic]?.messages ?? {})).toEqual(
        types.filter((type) => EVENTS[type].topic === topic),
      );
    }
  });

  it('has a message per event type, named by it, and keyed by its aggregate id as ce_subject is', () => {
    expect(Object.keys(document.components.messages)).toEqual(types);
    expect(types).toHaveLength(41);
    for (const type of types) {
      const message = document.components.messages[type];
      expect(message?.name).toBe(type);
      expect(message?.contentType).toBe('application/protobuf');
      expect(message?.['x-protobuf-message']).toBe(EVENTS[type].schema.typeName);
      const headers = message?.headers as { properties: Record<string, JsonSchema> };
      const { description: _key, ...key } = message?.bindings.kafka.key ?? {};
      const { description: _subject, ...subject } = headers.properties.ce_subject ?? {};
      expect(subject).toEqual(key);
    }
  });

  it('describes each event by what proto/ says of it', () => {
    const updated = document.components.messages['parkledger.park.updated.v1'];
    expect(updated?.summary).toBe('park updated: renamed, re-planned, new operator or focus industries');
    expect(updated?.title).toBe('ParkUpdated');
    expect(document.channels['parkledger.parks.v1']?.description).toContain(
      'Topic parkledger.parks.v1, keyed by park id.',
    );
  });

  it.each(types)(
    "accepts %s's JSON mapping with every field set, each property listed in its schema, and as the audit API writes it",
    (type) => {
      const schema: DescMessage = EVENTS[type].schema;
      const payload = validate(`/components/messages/${type}/payload`);
      expect(payload(filledJson(schema))).toBe(true);
      expect(payload.errors).toBeNull();
      // the audit API's payload: every field present, those at their default value too
      expect(payload(toJson(schema, create(schema), { alwaysEmitImplicit: true }))).toBe(true);
      expect(payload.errors).toBeNull();
    },
  );

  it('refuses money whose minor units are a JSON number or a decimal, not an integer in a string', () => {
    const payload = validate('/components/messages/parkledger.project.signed.v1/payload');
    const signed = (minorUnits: unknown) => ({
      projectId: '01890a5d-ac96-774b-bcce-b302099a8057',
      plannedInvestment: { minorUnits, currency: 'CNY' },
    });
    expect(payload(signed('1300000000000'))).toBe(true);
    expect(payload(signed(1300000000000))).toBe(false);
    expect(payload(signed('13000000000.00'))).toBe(false);
  });

  it.each(types)(
    "accepts the headers the outbox writes for %s, and refuses them without a required one or of another type's",
    (type) => {
      const headers = validate(`/components/messages/${type}/headers`);
      const publisher = (document.components.messages[type]?.headers as { properties: Record<string, JsonSchema> })
        .properties.ce_source?.const;
      const subject =
        EVENTS[type].aggregate === 'policy' ? 'jinan-2019-biomedical' : '01890a5d-ac96-774b-bcce-b302099a8058';
      const written = envelopeHeaders({
        id: '01890a5d-ac96-774b-bcce-b302099a8057',
        source: typeof publisher === 'string' ? publisher : '/parkledger/probe-service',
        type,
        time: new Date(Date.UTC(2026, 0, 15)).toISOString(),
        subject,
        aggregateType: EVENTS[type].aggregate,
        aggregateVersion: '3',
        correlationId: 'e2e-corr-1',
      });
      expect(headers(written)).toBe(true);
      const { ce_aggregateversion: _version, ...unversioned } = written;
      expect(headers(unversioned)).toBe(false);
      const other: EventType =
        type === 'parkledger.park.registered.v1' ? 'parkledger.park.updated.v1' : 'parkledger.park.registered.v1';
      expect(headers({ ...written, ce_type: other })).toBe(false);
    },
  );

  it('has the service of each topic send to it, and every consumer a service declares receive each topic it reads', () => {
    const operations = Object.entries(document.operations).map(
      ([id, operation]) => `${operation.action} ${operation.channel.$ref.replace('#/channels/', '')} ${id}`,
    );
    const sends = operations.filter((line) => line.startsWith('send '));
    expect(sends).toEqual([
      'send parkledger.audit.checkpoints.v1 audit.send.parkledger.audit.checkpoints.v1',
      'send parkledger.funds.v1 fund-ledger.send.parkledger.funds.v1',
      'send parkledger.enterprises.v1 park-registry.send.parkledger.enterprises.v1',
      'send parkledger.parks.v1 park-registry.send.parkledger.parks.v1',
      'send parkledger.settlements.v1 park-registry.send.parkledger.settlements.v1',
      'send parkledger.awards.v1 policy-awards.send.parkledger.awards.v1',
      'send parkledger.projects.v1 project-pipeline.send.parkledger.projects.v1',
    ]);
    const receives = operations.filter((line) => line.startsWith('receive ')).sort();
    const declared = CONSUMING_SERVICES.flatMap(({ consumers }) =>
      consumers.flatMap((consumer) =>
        consumer.topics.map((topic) => `receive ${topic} ${consumer.name}.receive.${topic}`),
      ),
    ).sort();
    expect(receives).toEqual(declared);
    expect(receives).toHaveLength(20);
  });
});
