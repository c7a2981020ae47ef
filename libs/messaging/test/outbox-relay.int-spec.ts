import { decodeEvent, parseEnvelope, topicOf } from '@parkledger/contracts';
import {
  createTestTopics,
  eventually,
  freshDatabase,
  readTopic,
  testKafka,
  type TestDatabase,
  type TestKafka,
} from '@parkledger/testing';
import { type Pool } from 'pg';
import pino from 'pino';
import { KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { emitProbes, migrateProbeService, PROBE_SCHEMA, probeOutbox } from './probe-service';

describe('outbox and relay', () => {
  let db: TestDatabase;
  let pool: Pool;
  let tk: TestKafka;
  let topic: string;

  beforeAll(async () => {
    db = await freshDatabase('outbox_relay');
    pool = db.pool();
    await migrateProbeService(pool);
    tk = await testKafka('outbox-relay');
    topic = `${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(tk.kafka, [topic]);
  });

  afterAll(async () => {
    await db.drop();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n);

  it('commits events with their change, or neither', async () => {
    const outbox = probeOutbox(tk.topicPrefix);
    const ids = await emitProbes(pool, outbox, 'probe-a', 2);
    expect(await count(`SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE event_id = ANY($1)`, [ids])).toBe(2);

    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query(`UPDATE ${PROBE_SCHEMA}.probes SET version = 99 WHERE id = 'probe-a'`);
    const rolledBack = await outbox.append(client, [
      {
        type: 'parkledger.probe.emitted.v1',
        aggregateId: 'probe-a',
        aggregateVersion: 99,
        payload: { probeId: 'probe-a', sequence: 99n },
      },
    ]);
    await client.query('ROLLBACK');
    client.release();

    expect(await count(`SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE event_id = ANY($1)`, [rolledBack])).toBe(
      0,
    );
    expect(await count(`SELECT version AS n FROM ${PROBE_SCHEMA}.probes WHERE id = 'probe-a'`)).toBe(2);
  });

  it('publishes committed events keyed by aggregate, with CloudEvents headers, and marks them', async () => {
    const publisher = new KafkajsEventPublisher(tk.kafka);
    const relay = new OutboxRelay({
      schema: PROBE_SCHEMA,
      pool,
      connection: db.config,
      publisher,
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 60_000, // only LISTEN/NOTIFY can wake it in time for this test
    });
    relay.start();
    try {
      await eventually('the relay to publish the first two events', () => relay.published === 2);
      const ids = await emitProbes(pool, probeOutbox(tk.topicPrefix), 'probe-b', 3);
      await eventually('the relay to be woken by NOTIFY', () => relay.published === 5, 10_000);
      expect(await count(`SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`)).toBe(0);

      const records = await readTopic(tk.kafka, topic);
      const probeB = records.filter((record) => record.key === 'probe-b');
      expect(probeB.map((record) => record.headers.ce_id)).toEqual(ids);
      for (const record of probeB) {
        const envelope = parseEnvelope(record.headers);
        expect(envelope).toMatchObject({
          type: 'parkledger.probe.emitted.v1',
          source: '/parkledger/probe-service',
          subject: 'probe-b',
          aggregateType: 'probe',
        });
        expect(record.headers['content-type']).toBe('application/protobuf');
        expect(record.headers.ce_specversion).toBe('1.0');
        const event = decodeEvent(envelope.type, record.value);
        expect(event.payload.sequence.toString()).toBe(envelope.aggregateVersion);
      }
      expect(probeB.map((record) => record.headers.ce_aggregateversion)).toEqual(['1', '2', '3']);
    } finally {
      await relay.stop();
      await publisher.close();
    }
  });
});
