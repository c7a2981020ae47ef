import { topicOf } from '@parkledger/contracts';
import {
  createTestTopics,
  eventually,
  freshDatabase,
  readTopic,
  startKafka,
  stopKafka,
  testKafka,
  type TestDatabase,
  type TestKafka,
} from '@parkledger/testing';
import { type Pool } from 'pg';
import pino from 'pino';
import { KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { emitProbes, migrateProbeService, PROBE_SCHEMA, probeOutbox } from './probe-service';

// Kafka is stopped for 20 s while writes go on: the writes still commit (they only touch
// Postgres), the relay keeps retrying, and the backlog drains once the broker is back.
const OUTAGE_MS = 20_000;

describe('Kafka stopped', () => {
  let db: TestDatabase;
  let pool: Pool;
  let tk: TestKafka;
  let topic: string;

  beforeAll(async () => {
    db = await freshDatabase('kafka_stopped');
    pool = db.pool();
    await migrateProbeService(pool);
    tk = await testKafka('kafka-stopped');
    topic = `${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(tk.kafka, [topic]);
  });

  afterAll(async () => {
    await startKafka(); // whatever happened, leave the broker running for the next file
    await db.drop();
  });

  it('commits writes during the outage and drains the backlog after it', async () => {
    const publisher = new KafkajsEventPublisher(tk.kafka);
    const relay = new OutboxRelay({
      schema: PROBE_SCHEMA,
      pool,
      connection: db.config,
      publisher,
      logger: pino({ level: 'silent' }),
    });
    relay.start();
    const outbox = probeOutbox(tk.topicPrefix);
    const committed: { id: string; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const ids = await emitProbes(pool, outbox, `probe-${i % 5}`, 5);
        committed.push(...ids.map((id) => ({ id, at: Date.now() })));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    try {
      await eventually('some events published before the outage', () => relay.published > 0);
      await stopKafka();
      const down = Date.now();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      const publishedDuringOutage = relay.published;
      await startKafka();
      const up = Date.now();
      writing = false;
      await writer;

      const duringOutage = committed.filter((c) => c.at > down && c.at < up);
      expect(duringOutage.length).toBeGreaterThan(100);
      const backlog = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`,
      );
      expect(backlog.rows[0]?.n).toBeGreaterThanOrEqual(
        duringOutage.length - (relay.published - publishedDuringOutage),
      );

      await eventually(
        'the backlog to drain',
        async () =>
          (
            await pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`,
            )
          ).rows[0]?.n === 0,
        120_000,
      );
      const onTopic = new Set((await readTopic(tk.kafka, topic)).map((record) => record.headers.ce_id));
      const missing = committed.filter((c) => !onTopic.has(c.id));
      expect(missing).toEqual([]);
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await relay.stop();
      await publisher.close();
    }
  }, 300_000);
});
