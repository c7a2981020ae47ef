import { type Pool } from 'pg';
import pino from 'pino';
import { type Kafka } from 'kafkajs';
import { type EventPublisher, KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { IdempotentConsumer, type EventHandler, type RunHandler } from '../src/inbox/idempotent-consumer';
import { PROBE_SCHEMA, recordProbeEffect } from './probe-service';

export interface RunningConsumer {
  consumer: IdempotentConsumer;
  publisher: EventPublisher;
  stop(): Promise<void>;
}

/** Starts an idempotent consumer of the probe topic that records one effect row per applied event. */
export async function startProbeConsumer(options: {
  kafka: Kafka;
  pool: Pool;
  topic: string;
  name: string;
  handle?: EventHandler;
  handleRun?: RunHandler;
  maxAttempts?: number;
  afterCommit?: () => void;
  commitIntervalMs?: number;
}): Promise<RunningConsumer> {
  const publisher = new KafkajsEventPublisher(options.kafka);
  const consumer = new IdempotentConsumer({
    consumer: options.name,
    topics: [options.topic],
    schema: PROBE_SCHEMA,
    kafka: options.kafka,
    pool: options.pool,
    publisher,
    handle: options.handle ?? recordProbeEffect(),
    logger: pino({ level: 'silent' }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.handleRun === undefined ? {} : { handleRun: options.handleRun }),
    ...(options.afterCommit === undefined ? {} : { afterCommit: options.afterCommit }),
    ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }),
  });
  await consumer.start();
  return {
    consumer,
    publisher,
    async stop() {
      await consumer.stop();
      await publisher.close();
    },
  };
}

export async function effectCounts(pool: Pool): Promise<{ rows: number; events: number }> {
  const { rows } = await pool.query<{ rows: number; events: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS events FROM ${PROBE_SCHEMA}.probe_effects`,
  );
  return rows[0] ?? { rows: 0, events: 0 };
}
