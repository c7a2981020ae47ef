import { createTestTopics, testKafka, type TestKafka, eventually } from '@parkledger/testing';
import { openCheckpoint } from '@parkledger/tlog';
import { type Producer } from 'kafkajs';
import pino from 'pino';
import { auditUnderTest, probeRecords, SPEC_ORIGIN, type AuditUnderTest } from '../testing/audit-under-test';
import { type IngestResult } from './audit-ingest';
import { type DeliveredRecord } from './audit-log.repository';
import { auditedTopics } from '@parkledger/contracts';
import { LOG_LOCK } from './audit-ingest';
import { AuditConsumer, type AuditConsumerOptions } from './audit.consumer';

describe('the audit consumer (real Postgres and Kafka)', () => {
  let audit: AuditUnderTest;
  let kafka: TestKafka;
  let producer: Producer;

  beforeAll(async () => {
    audit = await auditUnderTest('audit-consumer');
    kafka = await testKafka('audit-consumer');
    await createTestTopics(kafka.kafka, auditedTopics(kafka.topicPrefix));
    producer = kafka.kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await audit.stop();
  });

  const produce = (records: readonly DeliveredRecord[]) =>
    producer.send({
      topic: `${kafka.topicPrefix}parkledger.probes.v1`,
      messages: records.map((record) => ({ key: 'probe', value: record.value, headers: record.headers })),
    });
  const count = async (sql: string) => Number((await audit.pool(1).query<{ n: string }>(sql)).rows[0]?.n);
  const consumer = (options: Partial<AuditConsumerOptions> = {}) =>
    new AuditConsumer({
      kafka: kafka.kafka,
      pool: audit.pool(2),
      groupId: `${kafka.topicPrefix}audit`,
      topicPrefix: kafka.topicPrefix,
      ingest: audit.ingest,
      checkpointer: audit.checkpointer({ every: 1000, seconds: 1 }),
      logger: pino({ level: 'silent' }),
      ...options,
    });

  it('reads every audited topic from offset 0, found in the event registry, but its own', () => {
    const topics = auditedTopics('x.');
    expect(topics).toContain('x.parkledger.probes.v1');
    expect(topics).toContain('x.parkledger.awards.v1');
    expect(topics).not.toContain('x.parkledger.audit.checkpoints.v1');
  });

  it('logs what was on the topics before it started and after a restart, each once, and signs a checkpoint by time', async () => {
    const before = probeRecords('p-kafka', [1, 2, 3]);
    await produce(before);
    await produce(before.slice(2)); // a relay's republication of version 3
    const first = consumer();
    await first.start();
    await eventually('the first records logged', async () => (await count('SELECT count(*) AS n FROM entries')) === 3);
    await first.stop();

    await produce(probeRecords('p-kafka', [4, 5]));
    const second = consumer();
    await second.start();
    try {
      await eventually(
        'the records after the restart',
        async () => (await count('SELECT count(*) AS n FROM entries')) === 5,
      );
      expect(await count('SELECT count(*) AS n FROM deliveries')).toBe(6);
      expect(await count('SELECT count(*) AS n FROM anomalies')).toBe(0);
      expect(await count("SELECT max(version) AS n FROM links WHERE aggregate_id = 'p-kafka'")).toBe(5);
      await eventually(
        'a checkpoint of all five',
        async () => (await count('SELECT max(size) AS n FROM checkpoints')) === 5,
      );
      const { rows } = await audit
        .pool(1)
        .query<{ note: string }>('SELECT note FROM checkpoints ORDER BY sequence DESC LIMIT 1');
      expect(openCheckpoint(rows[0]?.note ?? '', audit.signer.verifier, SPEC_ORIGIN).size).toBe(5);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('writes the batches of the partitions one fetch brings in one transaction, each partition’s records together and in order', async () => {
    const logged = await count('SELECT count(*) AS n FROM entries');
    const topic = `${kafka.topicPrefix}parkledger.probes.v1`;
    // three aggregates, one a partition: the next fetch brings three batches
    const aggregates = ['p-one', 'p-two', 'p-three'];
    await producer.send({
      topic,
      messages: aggregates.flatMap((id, partition) =>
        probeRecords(id, [1, 2]).map((record) => ({
          partition,
          key: id,
          value: record.value,
          headers: record.headers,
        })),
      ),
    });
    const transactions: IngestResult[] = [];
    const third = consumer({ onBatch: (result) => transactions.push(result) });
    await third.start();
    try {
      await eventually(
        'the three partitions logged',
        async () => (await count('SELECT count(*) AS n FROM entries')) === logged + 6,
      );
      expect(transactions.map((t) => [t.logged, t.size])).toEqual([[6, logged + 6]]);
      const { rows } = await audit
        .pool(1)
        .query<{ id: string; partition: number }>(
          `SELECT aggregate_id AS id, "partition" AS partition FROM entries WHERE position >= ${logged} ORDER BY position`,
        );
      // each partition's records together and in their order
      const order = rows.map((row) => `${row.partition}:${row.id}`);
      expect(new Set(order)).toEqual(new Set(aggregates.map((id, partition) => `${partition}:${id}`)));
      expect(order.filter((_, n) => n % 2 === 0)).toEqual(order.filter((_, n) => n % 2 === 1));
      // and in order: a version 2 before its 1 would be held behind a gap, an anomaly
      expect(await count('SELECT count(*) AS n FROM anomalies')).toBe(0);
    } finally {
      await third.stop();
    }
  }, 120_000);

  it('keeps its place in the group while a batch waits longer than the session timeout for the log', async () => {
    // a new group: it reads again, from offset 0, every record the tests before logged
    const before = await count('SELECT count(*) AS n FROM deliveries');
    let read = 0;
    let reread = 0;
    const waiting = consumer({
      groupId: `${kafka.topicPrefix}audit-waiting`,
      sessionTimeoutMs: 6000, // the broker's least
      onBatch: (result) => {
        read += result.logged + result.absorbed + result.reread;
        reread += result.reread;
      },
    });
    await waiting.start();
    const holder = await audit.pool(1).connect();
    try {
      await eventually('the records before read again', () => Promise.resolve(read === before));
      expect(reread).toBe(before);
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOG_LOCK]);
      await produce(probeRecords('p-waiting', [1, 2]));
      await new Promise((resolve) => setTimeout(resolve, 9000)); // the batch waits for the lock meanwhile
      await holder.query('COMMIT');
      await eventually('the batch logged', () => Promise.resolve(read >= before + 2));
      await new Promise((resolve) => setTimeout(resolve, 3000)); // what a lost place in the group would read again
      expect({ read, reread }).toEqual({ read: before + 2, reread: before });
    } finally {
      holder.release();
      await waiting.stop();
    }
  }, 120_000);
});
