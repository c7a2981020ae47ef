import { eventually, readTopic, startKafka, stopKafka } from '@parkledger/testing';
import { emitProbes, probeOutbox } from './probe-service';
import { probeWorld, startRelay } from './probe-world';

// Kafka is stopped for 20 s while writes go on: the writes still commit (they only touch
// Postgres), the relay keeps retrying, and the backlog drains once the broker is back.
const OUTAGE_MS = 20_000;

describe('Kafka stopped', () => {
  const world = probeWorld('kafka_stopped');

  afterAll(async () => {
    await startKafka(); // whatever happened, leave the broker running for the next file
  });

  it('commits writes during the outage and drains the backlog after it', async () => {
    const { relay, stop } = startRelay(world);
    const outbox = probeOutbox(world.tk.topicPrefix);
    const committed: { id: string; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const ids = await emitProbes(world.pool, outbox, `probe-${i % 5}`, 5);
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
      expect(await world.unpublished()).toBeGreaterThanOrEqual(
        duringOutage.length - (relay.published - publishedDuringOutage),
      );

      await eventually('the backlog to drain', async () => (await world.unpublished()) === 0, 120_000);
      const onTopic = new Set((await readTopic(world.tk.kafka, world.topic)).map((record) => record.headers.ce_id));
      expect(committed.filter((c) => !onTopic.has(c.id))).toEqual([]);
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await stop();
    }
  }, 300_000);
});
