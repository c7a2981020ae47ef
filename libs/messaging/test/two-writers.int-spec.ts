import { eventually, readTopic } from '@parkledger/testing';
import { runProcess } from './processes';
import { probeWorld, startRelay } from './probe-world';

// Two writer processes append 10,000 events in 1,000 transactions to 20 shared aggregates while
// the relay runs; every event must arrive on Kafka exactly once, in version order per aggregate.
const TRANSACTIONS_PER_WRITER = 500;
const EVENTS_PER_TX = 10;
const PROBES = Array.from({ length: 20 }, (_, i) => `probe-${String(i).padStart(2, '0')}`);

describe('two writers', () => {
  const world = probeWorld('two_writers');

  it('delivers 10,000 events from 1,000 transactions once each, in order per aggregate', async () => {
    const { relay, stop } = startRelay(world, { batchSize: 250 });
    const env = {
      PG_CONFIG: JSON.stringify(world.db.config),
      TOPIC_PREFIX: world.tk.topicPrefix,
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
      expect(await world.unpublished()).toBe(0);

      const records = await readTopic(world.tk.kafka, world.topic);
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
      await stop();
    }
  }, 240_000);
});
