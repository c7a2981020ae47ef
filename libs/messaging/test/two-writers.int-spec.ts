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
import pino from 'pino';
import { KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { runProcess } from './processes';
import { migrateProbeService, PROBE_SCHEMA } from './probe-service';

// Two writer processes append 10,000 events in 1,000 transactions to 20 shared aggregates while
// the relay runs; every event must arrive on Kafka exactly once, in version order per aggregate.
const TRANSACTIONS_PER_WRITER = 500;
const EVENTS_PER_TX = 10;
const PROBES = Array.from({ length: 20 }, (_, i) => `probe-${String(i).padStart(2, '0')}`);

describe('two writers', () => {
  let db: TestDatabase;
  let pool: Pool;
  let tk: TestKafka;

  beforeAll(async () => {
    db = await freshDatabase('two_writers');
    pool = db.pool();
    await migrateProbeService(pool);
    tk = await testKafka('two-writers');
    await createTestTopics(tk.kafka, [`${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`]);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('delivers 10,000 events from 1,000 transactions once each, in order per aggregate', async () => {
    const publisher = new KafkajsEventPublisher(tk.kafka);
    const relay = new OutboxRelay({
      schema: PROBE_SCHEMA,
      pool,
      connection: db.config,
      publisher,
      logger: pino({ level: 'warn' }),
      batchSize: 250,
    });
    relay.start();
    const env = {
      PG_CONFIG: JSON.stringify(db.config),
      TOPIC_PREFIX: tk.topicPrefix,
      PROBES: PROBES.join(','),
      TRANSACTIONS: String(TRANSACTIONS_PER_WRITER),
      EVENTS_PER_TX: String(EVENTS_PER_TX),
    };
    const writers = [runProcess('writer', env), runProcess('writer', env)];
    try {
      expect(await Promise.all(writers.map((writer) => writer.exited))).toEqual([0, 0]);
      const committed = writers.flatMap((writer) =>
        writer.lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3)),
      );
      expect(committed).toHaveLength(10_000);

      await eventually('the relay to drain the outbox', () => relay.published >= 10_000, 120_000);
      const unpublished = await pool.query(
        `SELECT count(*)::int AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`,
      );
      expect(unpublished.rows[0]).toEqual({ n: 0 });

      const records = await readTopic(tk.kafka, `${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`);
      const ids = records.map((record) => record.headers.ce_id ?? '');
      expect(records).toHaveLength(10_000);
      expect(new Set(ids).size).toBe(10_000);
      expect(new Set(ids)).toEqual(new Set(committed));

      // In order per aggregate: each probe's versions arrive as 1, 2, 3, ... with no gap or repeat.
      const versions = new Map<string, number[]>();
      for (const record of records.sort(
        (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
      )) {
        const list = versions.get(record.key) ?? [];
        list.push(Number(record.headers.ce_aggregateversion));
        versions.set(record.key, list);
      }
      expect([...versions.keys()].sort()).toEqual(PROBES);
      for (const list of versions.values()) {
        expect(list).toEqual(Array.from({ length: list.length }, (_, i) => i + 1));
      }
      expect([...versions.values()].reduce((sum, list) => sum + list.length, 0)).toBe(10_000);
    } finally {
      writers.forEach((writer) => writer.process.kill('SIGKILL'));
      await relay.stop();
      await publisher.close();
    }
  }, 240_000);
});
