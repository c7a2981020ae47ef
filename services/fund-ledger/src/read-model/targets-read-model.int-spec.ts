import { encodeEvent, envelopeHeaders, type EventInit, type EventType } from '@parkledger/contracts';
import { createKafka, IdempotentConsumer, KafkajsEventPublisher } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { createTestTopics, eventually, testKafka } from '@parkledger/testing';
import pino from 'pino';
import { ledgerUnderTest, SPEC_SCHEMA, type LedgerUnderTest } from '../testing/ledger-under-test';
import { applyTargetEvent, TARGET_TOPICS } from './targets-read-model';

/** A record as another service's relay puts it on Kafka: keyed by aggregate, CloudEvents headers. */
function record<T extends EventType>(type: T, id: string, version: number, payload: EventInit<T>, eventId = uuidv7()) {
  return {
    key: id,
    value: Buffer.from(encodeEvent(type, payload)),
    headers: envelopeHeaders({
      id: eventId,
      source: '/parkledger/test',
      type,
      time: new Date().toISOString(),
      subject: id,
      aggregateType: type.split('.')[1] ?? '',
      aggregateVersion: String(version),
    }),
  };
}

describe('the fund ledger’s read model of the registry and the pipeline, over Kafka', () => {
  let ledger: LedgerUnderTest;

  beforeAll(async () => {
    ledger = await ledgerUnderTest('ledger_read_model');
  });

  afterAll(() => ledger?.stop());

  it('learns projects, enterprises, parks and settlements, absorbing redeliveries and stale versions', async () => {
    const tk = await testKafka('ledger-read-model');
    const topics = TARGET_TOPICS.map((topic) => `${tk.topicPrefix}${topic}`);
    await createTestTopics(tk.kafka, topics, 1);
    const [root, park, enterprise, project, settlement] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const registered = record('parkledger.enterprise.registered.v1', enterprise, 1, {
      enterprise: { id: enterprise, name: 'Returnee Bio' },
    });
    const producer = tk.kafka.producer();
    await producer.connect();
    const send = async (topic: string, messages: ReturnType<typeof record>[]) =>
      producer.send({ topic: `${tk.topicPrefix}${topic}`, messages });
    await send('parkledger.parks.v1', [
      record('parkledger.park.registered.v1', root, 1, { park: { id: root, nameEn: 'District' } }),
      record('parkledger.park.registered.v1', park, 1, { park: { id: park, parentId: root, nameEn: 'Park' } }),
    ]);
    await send('parkledger.enterprises.v1', [
      registered,
      registered, // redelivered: the same event id, absorbed by the inbox
      record('parkledger.enterprise.updated.v1', enterprise, 2, {
        enterprise: { id: enterprise, name: 'Returnee Bio', returneeFounded: true },
      }),
      // a late copy of version 1 under another event id: applied, but changes nothing
      { ...registered, headers: { ...registered.headers, ce_id: uuidv7() } },
    ]);
    await send('parkledger.settlements.v1', [
      record('parkledger.settlement.settled.v1', settlement, 1, {
        settlement: { id: settlement, enterpriseId: enterprise, parkId: park, settledOn: '2021-03-01' },
      }),
      record('parkledger.settlement.left.v1', settlement, 2, {
        settlement: {
          id: settlement,
          enterpriseId: enterprise,
          parkId: park,
          settledOn: '2021-03-01',
          leftOn: '2023-06-30',
        },
      }),
    ]);
    await send('parkledger.projects.v1', [
      record('parkledger.project.registered.v1', project, 1, {
        project: { id: project, parkId: park, enterpriseId: enterprise },
      }),
      record('parkledger.project.signed.v1', project, 2, { projectId: project, parkId: park, signedOn: '2021-04-01' }),
    ]);
    await producer.disconnect();

    const publisher = new KafkajsEventPublisher(tk.kafka);
    const consumer = new IdempotentConsumer({
      consumer: `${tk.topicPrefix}fund-ledger.targets-read-model`,
      topics,
      schema: SPEC_SCHEMA,
      kafka: createKafka({ brokers: tk.brokers, clientId: 'pltest' }),
      pool: ledger.pool(2),
      publisher,
      handle: applyTargetEvent,
      logger: pino({ level: 'silent' }),
    });
    await consumer.start();
    try {
      await eventually(
        'all ten records consumed',
        () => consumer.stats.applied + consumer.stats.duplicates === 10,
        30_000,
      );
      expect(consumer.stats).toMatchObject({ applied: 9, duplicates: 1, deadLettered: 0 });
    } finally {
      await consumer.stop();
      await publisher.close();
    }
    const query = (sql: string) => ledger.dataSource.query(sql);
    expect(await query('SELECT parent_id, version::int FROM ledger.known_parks ORDER BY id')).toEqual([
      { parent_id: null, version: 1 },
      { parent_id: root, version: 1 },
    ]);
    expect(await query('SELECT returnee_founded, version::int FROM ledger.known_enterprises')).toEqual([
      { returnee_founded: true, version: 2 },
    ]);
    expect(
      await query("SELECT to_char(left_on, 'YYYY-MM-DD') AS left_on, version::int FROM ledger.known_settlements"),
    ).toEqual([{ left_on: '2023-06-30', version: 2 }]);
    expect(await query('SELECT park_id, enterprise_id FROM ledger.known_projects')).toEqual([
      { park_id: park, enterprise_id: enterprise },
    ]);
  }, 60_000);
});
