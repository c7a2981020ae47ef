import { encodeEvent, envelopeHeaders, topicOf } from '@parkledger/contracts';
import { uuidv7 } from '@parkledger/platform';
import { createTestTopics, eventually, readTopic } from '@parkledger/testing';
import { type Consumer, type ConsumerConfig, type Kafka } from 'kafkajs';
import { deadLetterTopic } from '../src/inbox/dead-letter';
import { effectCounts, startProbeConsumer } from './consumer-harness';
import { PROBE_SCHEMA, recordProbeEffect, recordProbeEffects } from './probe-service';
import { probeWorld } from './probe-world';

function probeRecord(
  probeId: string,
  sequence: number,
): { key: string; value: Buffer; headers: Record<string, string> } {
  const id = uuidv7();
  return {
    key: probeId,
    value: Buffer.from(encodeEvent('parkledger.probe.emitted.v1', { probeId, sequence: BigInt(sequence) })),
    headers: envelopeHeaders({
      id,
      source: '/parkledger/test',
      type: 'parkledger.probe.emitted.v1',
      time: new Date().toISOString(),
      subject: probeId,
      aggregateType: 'probe',
      aggregateVersion: String(sequence),
    }),
  };
}

describe('idempotent consumer', () => {
  const world = probeWorld('consumer');

  async function produce(
    topic: string,
    messages: { key: string; value: Buffer; headers?: Record<string, string> }[],
  ): Promise<void> {
    const producer = world.tk.kafka.producer();
    await producer.connect();
    // One partition per test topic, so the order below is the order consumed.
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
  }

  it('dead-letters undecodable records with the reason and goes on', async () => {
    const topic = `${world.tk.topicPrefix}poison.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const good = probeRecord('probe-good', 1);
    const garbage = { ...probeRecord('probe-bad', 1), value: Buffer.from([0x0f, 0xff, 0xff]) };
    await produce(topic, [garbage, { key: 'no-headers', value: Buffer.from('hello') }, good]);

    const running = await startProbeConsumer({ kafka: world.tk.kafka, pool: world.pool, topic, name: 'pltest-poison' });
    try {
      await eventually('the good record applied', () => running.consumer.stats.applied === 1);
      const dead = await readTopic(world.tk.kafka, deadLetterTopic(topic));
      expect(dead.map((record) => record.headers.dlq_reason)).toEqual([
        expect.stringMatching(/^undecodable: payload is not a valid parkledger\.diagnostics\.v1\.ProbeEmitted/),
        'undecodable: missing header ce_specversion',
      ]);
      expect(dead[0]?.value).toEqual(garbage.value);
      expect(dead[0]?.headers).toMatchObject({ dlq_topic: topic, dlq_offset: '0', dlq_consumer: 'pltest-poison' });
      expect(dead[1]?.value.toString()).toBe('hello');
      const inbox = await world.pool.query(
        `SELECT event_id FROM ${PROBE_SCHEMA}.inbox WHERE consumer = 'pltest-poison'`,
      );
      expect(inbox.rows).toEqual([{ event_id: good.headers.ce_id }]);
      expect(running.consumer.stats).toMatchObject({ applied: 1, deadLettered: 2 });
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('rolls back a failed effect, retries it, and marks it processed only when it succeeds', async () => {
    const topic = `${world.tk.topicPrefix}flaky.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const flaky = probeRecord('probe-flaky', 1);
    const hopeless = probeRecord('probe-hopeless', 1);
    const after = probeRecord('probe-after', 1);
    const flakyId = flaky.headers.ce_id as string;
    const hopelessId = hopeless.headers.ce_id as string;
    await produce(topic, [flaky, hopeless, after]);

    const failures = new Map<string, number>();
    const failing = (eventId: string): boolean => {
      const seen = failures.get(eventId) ?? 0;
      failures.set(eventId, seen + 1);
      return eventId === hopelessId || (eventId === flakyId && seen < 2);
    };
    const running = await startProbeConsumer({
      kafka: world.tk.kafka,
      pool: world.pool,
      topic,
      name: 'pltest-flaky',
      handle: recordProbeEffect(failing),
      maxAttempts: 3,
    });
    try {
      await eventually('the stream to go past the hopeless event', () => running.consumer.stats.applied === 2, 60_000);
      // The handler wrote its effect row on every attempt before failing: only the committed one stays.
      const effects = await world.pool.query<{ event_id: string; n: number }>(
        `SELECT event_id, count(*)::int AS n FROM ${PROBE_SCHEMA}.probe_effects
          WHERE event_id = ANY($1) GROUP BY event_id ORDER BY event_id`,
        [[flakyId, hopelessId, after.headers.ce_id]],
      );
      expect(effects.rows).toEqual(
        [
          { event_id: flakyId, n: 1 },
          { event_id: after.headers.ce_id, n: 1 },
        ].sort((a, b) => (a.event_id ?? '').localeCompare(b.event_id ?? '')),
      );
      expect(failures.get(flakyId)).toBe(3);
      expect(failures.get(hopelessId)).toBe(3);
      const inbox = await world.pool.query<{ event_id: string; dead_lettered: boolean }>(
        `SELECT event_id, dead_lettered FROM ${PROBE_SCHEMA}.inbox WHERE consumer = 'pltest-flaky' ORDER BY "offset"`,
      );
      expect(inbox.rows).toEqual([
        { event_id: flakyId, dead_lettered: false },
        { event_id: hopelessId, dead_lettered: true },
        { event_id: after.headers.ce_id, dead_lettered: false },
      ]);
      const dead = await readTopic(world.tk.kafka, deadLetterTopic(topic));
      expect(dead.map((record) => [record.headers.ce_id, record.headers.dlq_reason])).toEqual([
        [hopelessId, `handler failed 3 times: effect of ${hopelessId} failed on purpose`],
      ]);
      expect(running.consumer.stats).toMatchObject({ applied: 2, retried: 4, deadLettered: 1, duplicates: 0 });
      expect(await effectCounts(world.pool)).toEqual({ rows: 3, events: 3 }); // with the first test's one
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('applies a run with the run handler, and event by event when the run handler fails', async () => {
    const topic = `${world.tk.topicPrefix}runs.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const clean = Array.from({ length: 30 }, (_, i) => probeRecord('probe-run', i + 1));
    const hopeless = probeRecord('probe-run-hopeless', 1);
    const records = [...clean.slice(0, 10), hopeless, ...clean.slice(10), clean[0] as (typeof clean)[number]];
    const hopelessId = hopeless.headers.ce_id as string;
    const failing = (eventId: string) => eventId === hopelessId;
    const calls = { runs: 0 };
    await produce(topic, records);
    const before = await effectCounts(world.pool);
    const running = await startProbeConsumer({
      kafka: world.tk.kafka,
      pool: world.pool,
      topic,
      name: 'pltest-runs',
      handle: recordProbeEffect(failing),
      handleRun: recordProbeEffects(failing, calls),
      maxAttempts: 2,
    });
    try {
      await eventually('every record handled', () => running.consumer.stats.deadLettered === 1, 60_000);
      await eventually('the duplicate absorbed', () => running.consumer.stats.duplicates === 1, 30_000);
      expect(running.consumer.stats).toMatchObject({ applied: 30, duplicates: 1, deadLettered: 1 });
      expect(calls.runs).toBeGreaterThanOrEqual(1);
      const after = await effectCounts(world.pool);
      expect({ rows: after.rows - before.rows, events: after.events - before.events }).toEqual({
        rows: 30,
        events: 30,
      });
      const dead = await readTopic(world.tk.kafka, deadLetterTopic(topic));
      expect(dead.map((record) => record.headers.ce_id)).toEqual([hopelessId]);
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('dead-letters a record whose ce_id is not a UUID, with the reason, and goes on', async () => {
    const topic = `${world.tk.topicPrefix}bad-id.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const badId = probeRecord('probe-bad-id', 1);
    badId.headers.ce_id = 'not-a-uuid';
    const good = probeRecord('probe-after-bad-id', 1);
    await produce(topic, [badId, good]);

    const running = await startProbeConsumer({ kafka: world.tk.kafka, pool: world.pool, topic, name: 'pltest-bad-id' });
    try {
      await eventually('the record after the bad id applied', () => running.consumer.stats.applied === 1, 30_000);
      const dead = await readTopic(world.tk.kafka, deadLetterTopic(topic));
      expect(dead.map((record) => record.headers.dlq_reason)).toEqual([
        'undecodable: ce_id is not a UUID: "not-a-uuid"',
      ]);
      expect(running.consumer.stats).toMatchObject({ applied: 1, deadLettered: 1 });
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('records a dead-lettered event in the inbox, so a redelivery is absorbed, not run again', async () => {
    const topic = `${world.tk.topicPrefix}redelivered.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const hopeless = probeRecord('probe-redelivered', 1);
    const hopelessId = hopeless.headers.ce_id as string;
    const after = probeRecord('probe-after-redelivery', 1);
    const attempts = new Map<string, number>();
    const failing = (eventId: string): boolean => {
      attempts.set(eventId, (attempts.get(eventId) ?? 0) + 1);
      return eventId === hopelessId;
    };
    await produce(topic, [hopeless]);
    const running = await startProbeConsumer({
      kafka: world.tk.kafka,
      pool: world.pool,
      topic,
      name: 'pltest-redelivered',
      handle: recordProbeEffect(failing),
      maxAttempts: 2,
    });
    try {
      await eventually('the hopeless event dead-lettered', () => running.consumer.stats.deadLettered === 1, 60_000);
      await produce(topic, [hopeless, after]); // the same record again, as a relay republishing it would
      await eventually('the record after the redelivery applied', () => running.consumer.stats.applied === 1, 60_000);
      expect(attempts.get(hopelessId)).toBe(2);
      expect(running.consumer.stats).toMatchObject({ deadLettered: 1, duplicates: 1 });
      const dead = await readTopic(world.tk.kafka, deadLetterTopic(topic));
      expect(dead.map((record) => record.headers.ce_id)).toEqual([hopelessId]);
      const inbox = await world.pool.query(
        `SELECT event_id, deliveries, dead_lettered FROM ${PROBE_SCHEMA}.inbox WHERE consumer = 'pltest-redelivered'
          ORDER BY "offset"`,
      );
      expect(inbox.rows).toEqual([
        { event_id: hopelessId, deliveries: 2, dead_lettered: true },
        { event_id: after.headers.ce_id, deliveries: 1, dead_lettered: false },
      ]);
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('says when a transaction that applied events has committed: a consumer that writes outbox rows wakes its relay', async () => {
    const topic = `${world.tk.topicPrefix}commits.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    const seen: Promise<number>[] = [];
    const running = await startProbeConsumer({
      kafka: world.tk.kafka,
      pool: world.pool,
      topic,
      name: 'pltest-commits',
      // what another connection sees when it is told: the effects must be committed by then
      afterCommit: () => seen.push(effectCounts(world.pool).then((counts) => counts.events)),
    });
    try {
      const before = (await effectCounts(world.pool)).events;
      await produce(topic, [probeRecord('probe-commits', 1), probeRecord('probe-commits', 2)]);
      await eventually('both applied', () => running.consumer.stats.applied === 2);
      await eventually('told of the commit', () => seen.length > 0);
      const counts = await Promise.all(seen);
      expect(counts[counts.length - 1]).toBe(before + 2);
      expect(counts.every((n) => n > before)).toBe(true);
    } finally {
      await running.stop();
    }
  }, 120_000);

  it("commits its offsets at most once an interval, not a batch at a time, and an idle group's and a stopping one's still reach the broker", async () => {
    const topic = `${world.tk.topicPrefix}offsets.${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(world.tk.kafka, [topic, deadLetterTopic(topic)], 1);
    // the consumer's own kafkajs consumer, watched: each batch it took and each offset commit it sent
    const seen = { batches: 0, commits: 0 };
    const watched = Object.create(world.tk.kafka) as Kafka;
    watched.consumer = (config: ConsumerConfig): Consumer => {
      const consumer = world.tk.kafka.consumer(config);
      consumer.on(consumer.events.END_BATCH_PROCESS, () => (seen.batches += 1));
      consumer.on(consumer.events.COMMIT_OFFSETS, () => (seen.commits += 1));
      return consumer;
    };
    const committed = async (): Promise<string | undefined> => {
      const admin = world.tk.kafka.admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({ groupId: 'pltest-offsets', topics: [topic] });
        return offsets?.partitions[0]?.offset;
      } finally {
        await admin.disconnect();
      }
    };
    const interval = 5000;
    const start = () =>
      startProbeConsumer({
        kafka: watched,
        pool: world.pool,
        topic,
        name: 'pltest-offsets',
        commitIntervalMs: interval,
      });
    const producer = world.tk.kafka.producer();
    await producer.connect();
    let running = await start();
    try {
      // a trickle: each record fetched alone, a batch each
      const started = Date.now();
      for (let sequence = 1; sequence <= 8; sequence += 1) {
        await producer.send({ topic, acks: -1, messages: [probeRecord('probe-offsets', sequence)] });
        await eventually('applied', () => running.consumer.stats.applied === sequence);
      }
      const elapsed = Date.now() - started;
      // then nothing more comes: the timer commits what the last batches applied
      await eventually('the idle group committed every offset', async () => (await committed()) === '8');
      expect(seen.batches).toBe(8);
      // one at the first batch, then one an interval (kafkajs alone sends 8: one a batch)
      expect(elapsed).toBeLessThan(interval * 6);
      expect(seen.commits).toBeLessThanOrEqual(Math.ceil(elapsed / interval) + 1);

      // a graceful stop within the interval commits what it applied before it leaves the group
      const more = [probeRecord('probe-offsets', 9), probeRecord('probe-offsets', 10)];
      await producer.send({ topic, acks: -1, messages: more });
      await eventually('applied', () => running.consumer.stats.applied === 10);
      expect(await committed()).toBe('8'); // not due yet
      await running.stop();
      expect(await committed()).toBe('10');
      running = await start();
      await producer.send({ topic, acks: -1, messages: [probeRecord('probe-offsets', 11)] });
      await eventually('the next one applied', () => running.consumer.stats.applied === 1);
      expect(running.consumer.stats.duplicates).toBe(0); // nothing read again
    } finally {
      await running.stop();
      await producer.disconnect();
    }
  }, 120_000);
});
