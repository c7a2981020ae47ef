import { topicOf } from '@parkledger/contracts';
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
import { effectCounts, startProbeConsumer } from './consumer-harness';
import { runProcess } from './processes';
import { emitProbes, migrateProbeService, PROBE_SCHEMA, probeOutbox } from './probe-service';

// SIGKILL the relay after it has put a batch on Kafka and before it marks the batch published.
// The restarted relay publishes that batch again; the consumer's inbox absorbs the duplicates.
const EVENTS = 2_000;
const BATCH = 200;

describe('relay killed between publishing and marking', () => {
  let db: TestDatabase;
  let pool: Pool;
  let tk: TestKafka;
  let topic: string;

  beforeAll(async () => {
    db = await freshDatabase('relay_killed');
    pool = db.pool();
    await migrateProbeService(pool);
    tk = await testKafka('relay-killed');
    topic = `${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(tk.kafka, [topic]);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('loses nothing, and the inbox absorbs every duplicate', async () => {
    const outbox = probeOutbox(tk.topicPrefix);
    const committed: string[] = [];
    for (let i = 0; i < EVENTS / 10; i += 1) committed.push(...(await emitProbes(pool, outbox, `probe-${i % 7}`, 10)));

    const env = {
      PG_CONFIG: JSON.stringify(db.config),
      KAFKA_BROKERS: tk.brokers.join(','),
      BATCH_SIZE: String(BATCH),
    };
    const doomed = runProcess('relay', { ...env, PAUSE_AFTER_PUBLISH_MS: '60000' });
    await doomed.waitFor(/^sent 200$/);
    doomed.process.kill('SIGKILL');
    await doomed.exited;

    const afterKill = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`,
    );
    expect(afterKill.rows[0]?.n).toBe(EVENTS); // the sent batch was never marked
    const onTopicBeforeRestart = await readTopic(tk.kafka, topic);
    expect(onTopicBeforeRestart).toHaveLength(BATCH);

    const consumer = await startProbeConsumer({ kafka: tk.kafka, pool, topic, name: 'pltest-relay-killed' });
    const relay = runProcess('relay', env);
    try {
      await eventually('every event applied', async () => (await effectCounts(pool)).events === EVENTS, 120_000);
      const records = await readTopic(tk.kafka, topic);
      const ids = records.map((record) => record.headers.ce_id ?? '');
      expect(new Set(ids)).toEqual(new Set(committed));
      expect(records.length).toBe(EVENTS + BATCH); // the unmarked batch went out twice
      await eventually('the duplicates to be consumed', () => consumer.consumer.stats.duplicates === BATCH, 30_000);
      expect(await effectCounts(pool)).toEqual({ rows: EVENTS, events: EVENTS });
      expect(consumer.consumer.stats).toMatchObject({ applied: EVENTS, duplicates: BATCH, deadLettered: 0 });
    } finally {
      relay.process.kill('SIGTERM');
      await relay.exited;
      await consumer.stop();
    }
  }, 240_000);
});
