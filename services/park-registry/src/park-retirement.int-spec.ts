import { decodeEvent, encodeEvent, envelopeHeaders } from '@parkledger/contracts';
import { createKafka, IdempotentConsumer, KafkajsEventPublisher } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { createTestTopics, eventually, testKafka } from '@parkledger/testing';
import pino from 'pino';
import { applyProjectEvent, applyProjectEvents, PROJECT_TOPICS } from './references/project-references.consumer';
import { admin, refusal, registryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

/** A project.registered.v1 record as the pipeline's relay publishes it. */
function projectRegistered(projectId: string, parkId: string) {
  const type = 'parkledger.project.registered.v1';
  return {
    key: projectId,
    value: Buffer.from(encodeEvent(type, { project: { id: projectId, parkId, nameEn: 'Nearshore protein' } })),
    headers: envelopeHeaders({
      id: uuidv7(),
      source: '/parkledger/project-pipeline',
      type,
      time: new Date().toISOString(),
      subject: projectId,
      aggregateType: 'project',
      aggregateVersion: '1',
    }),
  };
}

describe('park retirement: the registry learns references from the pipeline over Kafka', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await registryUnderTest('park_retirement');
  });

  afterAll(() => registry?.stop());

  it('refuses to delete a park a project refers to, retires it, keeps it readable; deletes a park never referred to', async () => {
    const port = await registry.parks.register(admin, {
      kind: 'park',
      nameZh: '菏泽现代医药港',
      nameEn: 'Heze Modern Medical Port',
    });
    const unused = await registry.parks.register(admin, { kind: 'park', nameZh: '空', nameEn: 'Never used' });

    const tk = await testKafka('registry-references');
    const topic = `${tk.topicPrefix}${PROJECT_TOPICS[0] ?? ''}`;
    await createTestTopics(tk.kafka, [topic], 1);
    const producer = tk.kafka.producer();
    await producer.connect();
    const project = projectRegistered(uuidv7(), port.id ?? '');
    // a redelivery of the same event changes nothing
    await producer.send({ topic, messages: [project, project] });
    await producer.disconnect();

    const publisher = new KafkajsEventPublisher(tk.kafka);
    const consumer = new IdempotentConsumer({
      consumer: `${tk.topicPrefix}project-references`,
      topics: [topic],
      schema: 'registry',
      kafka: createKafka({ brokers: tk.brokers, clientId: 'pltest' }),
      pool: registry.pool(2),
      publisher,
      handle: applyProjectEvent,
      handleRun: applyProjectEvents,
      logger: pino({ level: 'silent' }),
    });
    await consumer.start();
    try {
      await eventually('both copies consumed', () => consumer.stats.applied + consumer.stats.duplicates === 2, 30_000);
      expect(consumer.stats).toMatchObject({ applied: 1, duplicates: 1, deadLettered: 0 });
    } finally {
      await consumer.stop();
      await publisher.close();
    }
    expect(await registry.dataSource.query('SELECT park_id::text, referrer FROM registry.referenced_parks')).toEqual([
      { park_id: port.id, referrer: 'project' },
    ]);

    // the project's park: no delete, with the way out; retire works and the park stays on record
    const refused = await refusal(registry.parks.remove(admin, port.id ?? ''));
    expect(refused).toMatchObject({ code: 'park-referenced', status: 409 });
    expect(refused.message).toBe(
      `Heze Modern Medical Port has been referred to (by a project) and stays on record; retire it instead: POST /parks/${port.id ?? ''}/retire with its effectiveDate`,
    );
    expect(
      await refusal(registry.parks.retire(admin, { id: port.id ?? '', effectiveDate: '2025-02-30' })),
    ).toMatchObject({
      code: 'park-invalid',
      status: 422,
    });
    const retired = await registry.parks.retire(admin, { id: port.id ?? '', effectiveDate: '2025-06-30' });
    expect(retired).toMatchObject({ retiredOn: '2025-06-30', version: '2' });
    expect(await registry.parks.get(admin, port.id ?? '')).toMatchObject({
      nameEn: 'Heze Modern Medical Port',
      retiredOn: '2025-06-30',
    });
    expect(
      await refusal(registry.parks.retire(admin, { id: port.id ?? '', effectiveDate: '2025-07-01' })),
    ).toMatchObject({
      code: 'park-already-retired',
      status: 409,
    });

    // lists show parks in use unless asked for retired ones too
    const inUse = await registry.parks.list(admin, { page: { limit: 200 } });
    expect(inUse.parks?.map((p) => p.nameEn)).toEqual(['Never used']);
    const all = await registry.parks.list(admin, { page: { limit: 200 }, includeRetired: true });
    expect(all.parks?.map((p) => p.nameEn).sort()).toEqual(['Heze Modern Medical Port', 'Never used']);

    // a retired park takes no new child parks or settlements
    expect(
      await refusal(
        registry.parks.register(admin, { parentId: port.id, kind: 'zone-or-area', nameZh: '区', nameEn: 'Zone' }),
      ),
    ).toMatchObject({ code: 'park-retired', status: 422 });
    const enterprise = await registry.enterprises.register(admin, { name: 'Qilu', uscc: '914403001922038216' });
    expect(
      await refusal(
        registry.settlements.settle(admin, { enterpriseId: enterprise.id, parkId: port.id, settledOn: '2025-07-01' }),
      ),
    ).toMatchObject({ code: 'park-retired', status: 422 });

    // the retirement is an event with the whole park, for the pipeline and the auditors
    const events: { event_type: string; payload: Buffer }[] = await registry.dataSource.query(
      'SELECT event_type, payload FROM registry.outbox WHERE aggregate_id = $1 ORDER BY position',
      [port.id],
    );
    expect(events.map((e) => e.event_type)).toEqual(['parkledger.park.registered.v1', 'parkledger.park.retired.v1']);
    expect(decodeEvent('parkledger.park.retired.v1', events[1]?.payload ?? Buffer.alloc(0)).payload).toMatchObject({
      park: { id: port.id, retiredOn: '2025-06-30', version: 2n },
    });

    // a park nothing ever referred to can still be deleted
    await registry.parks.remove(admin, unused.id ?? '');
    expect(
      await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.parks WHERE id = $1', [unused.id]),
    ).toEqual([{ n: 0 }]);
  }, 60_000);
});
