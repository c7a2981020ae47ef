import { eventually, readTopic } from '@parkledger/testing';
import { effectCounts, startProbeConsumer } from './consumer-harness';
import { runProcess } from './processes';
import { emitProbes, PROBE_SCHEMA, probeOutbox } from './probe-service';
import { probeWorld } from './probe-world';

// SIGKILL the relay after it has put a batch on Kafka and before it marks the batch published.
// The restarted relay publishes that batch again; the consumer's inbox absorbs the duplicates.
const EVENTS = 2_000;
const BATCH = 200;

describe('relay killed between publishing and marking', () => {
  const world = probeWorld('relay_killed');

  it('loses nothing, and the inbox absorbs every duplicate', async () => {
    const { pool, tk, topic } = world;
    const outbox = probeOutbox(tk.topicPrefix);
    const committed: string[] = [];
    for (let i = 0; i < EVENTS / 10; i += 1) committed.push(...(await emitProbes(pool, outbox, `probe-${i % 7}`, 10)));

    const env = {
      PG_CONFIG: JSON.stringify(world.db.config),
      KAFKA_BROKERS: tk.brokers.join(','),
      BATCH_SIZE: String(BATCH),
    };
    const doomed = runProcess('relay', { ...env, PAUSE_AFTER_PUBLISH_MS: '60000' });
    await doomed.waitFor(/^sent 200$/);
    doomed.process.kill('SIGKILL');
    await doomed.exited;

    expect(await world.unpublished()).toBe(EVENTS); // the sent batch was never marked
    expect(await readTopic(tk.kafka, topic)).toHaveLength(BATCH);

    const consumer = await startProbeConsumer({ kafka: tk.kafka, pool, topic, name: 'pltest-relay-killed' });
    const relay = runProcess('relay', env);
    try {
      await eventually('every event applied', async () => (await effectCounts(pool)).events === EVENTS, 120_000);
      const records = await readTopic(tk.kafka, topic);
      expect(new Set(records.map((record) => record.headers.ce_id ?? ''))).toEqual(new Set(committed));
      expect(records.length).toBe(EVENTS + BATCH); // the unmarked batch went out twice
      await eventually('the duplicates to be consumed', () => consumer.consumer.stats.duplicates === BATCH, 30_000);
      expect(await effectCounts(pool)).toEqual({ rows: EVENTS, events: EVENTS });
      expect(consumer.consumer.stats).toMatchObject({ applied: EVENTS, duplicates: BATCH, deadLettered: 0 });
      // the inbox keeps the count too, past the consumer's restarts
      const { rows } = await pool.query<{ absorbed: string }>(
        `SELECT sum(deliveries - 1)::text AS absorbed FROM ${PROBE_SCHEMA}.inbox WHERE consumer = 'pltest-relay-killed'`,
      );
      expect(rows[0]?.absorbed).toBe(String(BATCH));
    } finally {
      relay.process.kill('SIGTERM');
      await relay.exited;
      await consumer.stop();
    }
  }, 240_000);
});
