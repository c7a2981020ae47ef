import { env, type Setting } from './config';

/** The settings every service needs to reach its database and the broker. */
export const databaseSettings = {
  PG_HOST: env.string('127.0.0.1'),
  PG_PORT: env.int({ min: 1, max: 65535, default: 5433 }),
  PG_DATABASE: env.string('parkledger'),
  PG_USER: env.string(),
  PG_PASSWORD: env.string(),
  PG_POOL_SIZE: env.int({ min: 1, max: 100, default: 10 }),
};

export const kafkaSettings = {
  KAFKA_BROKERS: env.list(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: env.string(),
};

/** How long the topics keep records (set when they are created), and how often their segments roll. */
export const TOPIC_RETENTION_HOURS = 168;
export const TOPIC_SEGMENT_HOURS = 24;
/**
 * Kafka deletes a whole segment once its newest record is past retention, so a record can stay on
 * its topic, and be redelivered, for up to retention plus one segment: an inbox id must live longer.
 */
export const MIN_INBOX_RETENTION_HOURS = TOPIC_RETENTION_HOURS + TOPIC_SEGMENT_HOURS;

/** How long published outbox rows and inbox ids are kept before they are pruned. */
export const retentionSettings = {
  OUTBOX_RETENTION_HOURS: env.int({ min: 1, max: 87_600, default: 168 }),
  /** refused when shorter than MIN_INBOX_RETENTION_HOURS: a redelivery would then run an event again */
  INBOX_RETENTION_HOURS: env.int({ min: MIN_INBOX_RETENTION_HOURS, max: 87_600, default: MIN_INBOX_RETENTION_HOURS }),
  /** how long the answer to an Idempotency-Key is kept: a repeat within it is answered, not run again */
  IDEMPOTENCY_RETENTION_HOURS: env.int({ min: 1, max: 87_600, default: 24 }),
};

/**
 * 'development' and 'test' are the only modes that relax anything, and only when named exactly:
 * unset or anything else is production, so a forgotten variable fails closed.
 */
const nodeEnv: Setting<'development' | 'test' | 'production'> = {
  required: false,
  parse: (raw) => (raw === 'development' || raw === 'test' ? raw : 'production'),
};

export const runtimeSettings = {
  NODE_ENV: nodeEnv,
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  HTTP_PORT: env.int({ min: 1, max: 65535 }),
  /** where spans go over OTLP/HTTP, e.g. http://collector:4318; unset, none are made */
  OTEL_EXPORTER_OTLP_ENDPOINT: env.httpUrl(''),
};
