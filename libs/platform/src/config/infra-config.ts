import { env } from './config';

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

export const runtimeSettings = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, 'development'),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  HTTP_PORT: env.int({ min: 1, max: 65535 }),
};
