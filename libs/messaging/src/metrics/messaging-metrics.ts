import { metricsRegistry } from '@parkledger/platform';
import { Counter, Gauge } from 'prom-client';
import { ident } from '../sql';

/** 1 when the last metadata or produce call to the broker succeeded, 0 when it failed. */
export const brokerUp = new Gauge({
  name: 'parkledger_kafka_broker_up',
  help: '1 when the last metadata or produce call to the Kafka broker succeeded, else 0',
  registers: [metricsRegistry],
});

/** Per consumer group, topic and partition: the records after the last one the consumer handled. */
export const consumerLag = new Gauge({
  name: 'parkledger_consumer_lag',
  help: 'records on the partition after the last one the consumer handled, as of its last batch',
  labelNames: ['consumer', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

export const deadLetters = new Counter({
  name: 'parkledger_dead_letters_total',
  help: 'records a consumer sent to a dead-letter topic',
  labelNames: ['consumer', 'topic'] as const,
  registers: [metricsRegistry],
});

export const outboxSetAside = new Counter({
  name: 'parkledger_outbox_set_aside_total',
  help: 'outbox rows the relay set aside after failing to publish them; the later rows of their aggregates wait',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
});

export const prunedRows = new Counter({
  name: 'parkledger_pruned_rows_total',
  help: 'published outbox rows and inbox rows deleted after their retention',
  labelNames: ['table'] as const,
  registers: [metricsRegistry],
});

/** The outboxes whose oldest unpublished row is measured at each scrape, by schema. */
const outboxes = new Map<string, { query(sql: string): Promise<{ rows: { age: number | null }[] }> }>();

/**
 * Seconds since the oldest unpublished outbox row was appended (from its UUIDv7 event id, so a
 * business `occurredAt` in the past does not count), 0 when none waits. Read at scrape time.
 */
export const outboxOldestUnpublishedAge = new Gauge({
  name: 'parkledger_outbox_oldest_unpublished_age_seconds',
  help: 'seconds since the oldest outbox row still waiting for the relay (set-aside rows included) was appended',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
  async collect() {
    await Promise.all(
      [...outboxes].map(async ([schema, pool]) => {
        try {
          const { rows } = await pool.query(
            `SELECT extract(epoch FROM now())
                    - ('x' || substr(replace(event_id::text, '-', ''), 1, 12))::bit(48)::bigint / 1000.0 AS age
               FROM ${ident(schema)}.outbox WHERE published_at IS NULL ORDER BY position LIMIT 1`,
          );
          this.set({ schema }, Math.max(0, Number(rows[0]?.age ?? 0)));
        } catch {
          // the database is away: keep the last value; readiness says so
        }
      }),
    );
  },
});

/** Measures a schema's outbox at every scrape until the returned function is called. */
export function watchOutboxAge(
  schema: string,
  pool: { query(sql: string): Promise<{ rows: { age: number | null }[] }> },
): () => void {
  outboxes.set(schema, pool);
  return () => {
    if (outboxes.get(schema) === pool) outboxes.delete(schema);
  };
}
