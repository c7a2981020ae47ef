import { topicOf } from '@parkledger/contracts';
import { createTestTopics, freshDatabase, testKafka, type TestDatabase, type TestKafka } from '@parkledger/testing';
import { type Pool } from 'pg';
import pino from 'pino';
import { KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { OutboxRelay, type OutboxRelayOptions } from '../src/outbox/outbox-relay';
import { migrateProbeService, PROBE_SCHEMA } from './probe-service';

/** A test file's own database with the probe service in it, and a probe topic of its own. */
export interface ProbeWorld {
  db: TestDatabase;
  pool: Pool;
  tk: TestKafka;
  topic: string;
  unpublished(): Promise<number>;
}

/** Registers the beforeAll/afterAll that build and drop the file's world; read it inside tests. */
export function probeWorld(label: string): ProbeWorld {
  const world = {} as ProbeWorld;
  beforeAll(async () => {
    const db = await freshDatabase(label);
    const pool = db.pool();
    await migrateProbeService(pool);
    const tk = await testKafka(label.replace(/_/g, '-'));
    const topic = `${tk.topicPrefix}${topicOf('parkledger.probe.emitted.v1')}`;
    await createTestTopics(tk.kafka, [topic]);
    const unpublished = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${PROBE_SCHEMA}.outbox WHERE published_at IS NULL`,
        )
      ).rows[0]?.n ?? 0;
    Object.assign(world, { db, pool, tk, topic, unpublished });
  });
  afterAll(async () => {
    await world.db?.drop();
  });
  return world;
}

/** An in-process relay of the world's outbox, and how to stop it. */
export function startRelay(
  world: ProbeWorld,
  options: Partial<OutboxRelayOptions> = {},
): { relay: OutboxRelay; stop: () => Promise<void> } {
  // the publisher given, or one of its own: closed by `stop` either way
  const publisher = options.publisher ?? new KafkajsEventPublisher(world.tk.kafka);
  const relay = new OutboxRelay({
    schema: PROBE_SCHEMA,
    pool: world.pool,
    connection: world.db.config,
    logger: pino({ level: 'silent' }),
    ...options,
    publisher,
  });
  relay.start();
  const stop = async (): Promise<void> => {
    await relay.stop();
    await publisher.close();
  };
  return { relay, stop };
}
