import { type PackageDefinition } from '@grpc/proto-loader';
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { grpcOptions } from '@parkledger/contracts';
import {
  BrokerMonitor,
  createKafka,
  KafkajsEventPublisher,
  Outbox,
  OutboxRelay,
  registryTopics,
  RetentionPruner,
  watchOutboxAge,
} from '@parkledger/messaging';
import {
  ConfigError,
  type CallerTokenAudience,
  correlationMiddleware,
  createLogger,
  initMetrics,
  NestPinoLogger,
  requestLogMiddleware,
  startTracing,
  type LogLevel,
} from '@parkledger/platform';
import { type Kafka } from 'kafkajs';
import { type ClientConfig, type Pool } from 'pg';
import { type Logger } from 'pino';
import { type DataSource } from 'typeorm';
import { type CallerTokenVerification } from './caller-token.guard';
import { servicePool } from './service-pool';
import { type KeyObject } from 'node:crypto';

/** What every gRPC service is configured with. */
export interface ServiceConfig {
  LOG_LEVEL: LogLevel;
  /** where spans go over OTLP/HTTP; empty: tracing is off */
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  HTTP_PORT: number;
  HTTP_HOST: string;
  GRPC_URL: string;
  PG_HOST: string;
  PG_PORT: number;
  PG_DATABASE: string;
  PG_USER: string;
  PG_PASSWORD: string;
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  /** names the service's consumer groups (and their inbox keys); empty or absent means the topic prefix */
  KAFKA_GROUP_PREFIX?: string;
  /** retentionSettings: how long published outbox rows and inbox ids are kept */
  OUTBOX_RETENTION_HOURS: number;
  INBOX_RETENTION_HOURS: number;
  IDEMPOTENCY_RETENTION_HOURS: number;
  /** the gateway's public key that caller tokens are verified with (withCallerTokenKey) */
  callerTokenKey: KeyObject;
}

/** The parts a service is built from, ready before its Nest module. */
export interface ServiceParts {
  /** the schema the service owns: its tables, outbox and inbox */
  schema: string;
  dataSource: DataSource;
  /** for the relay and consumers: the service's schema first on the search path */
  pool: Pool;
  connection: ClientConfig;
  kafka: Kafka;
  publisher: KafkajsEventPublisher;
  outbox: Outbox;
  relay: OutboxRelay;
  logger: Logger;
  topicPrefix: string;
  /** put before a consumer's name: KAFKA_GROUP_PREFIX, or the topic prefix when that is empty */
  groupPrefix: string;
  /** every topic of the event registry and its dead-letter topic, prefixed: created when the broker answers */
  topics: readonly string[];
  /** prunes published outbox rows and inbox ids after their retention */
  pruner: RetentionPruner;
  /** sets parkledger_kafka_broker_up from a metadata call every 15 s */
  brokerMonitor: BrokerMonitor;
  callerToken: CallerTokenVerification;
}

/** Reads the config, or stops the process with a message naming every bad variable. */
export function configOrExit<C>(service: string, load: () => C): C {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Boots a gRPC service: migrations, the relay's pool, then the Nest application with health,
 * metrics and the gRPC server. The topics (from the event registry), the relay and the consumers
 * start when the broker answers (serviceProviders), so a service boots and is ready without it.
 */
export async function runGrpcService(options: {
  service: CallerTokenAudience;
  schema: string;
  config: ServiceConfig;
  dataSource: DataSource;
  module: (parts: ServiceParts) => DynamicModule;
  /** sees the service's loaded gRPC contract before the server takes it (a method's own serializer) */
  grpcDefinition?: (definition: PackageDefinition) => void;
}): Promise<INestApplication> {
  const { service, schema, config } = options;
  const logger = createLogger(service, config.LOG_LEVEL);
  await startTracing(service, config.OTEL_EXPORTER_OTLP_ENDPOINT, logger);
  initMetrics(service);
  await options.dataSource.initialize();
  const applied = await options.dataSource.runMigrations();
  logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');

  const connection: ClientConfig = {
    host: config.PG_HOST,
    port: config.PG_PORT,
    database: config.PG_DATABASE,
    user: config.PG_USER,
    password: config.PG_PASSWORD,
    options: `-c search_path=${schema}`,
  };
  const pool = servicePool(connection, logger);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const topicPrefix = config.KAFKA_TOPIC_PREFIX;
  const publisher = new KafkajsEventPublisher(kafka);
  const outbox = new Outbox(schema, `/parkledger/${service}`, topicPrefix);
  const relay = new OutboxRelay({ schema, pool, connection, publisher, logger });
  // a committed write wakes the relay in this process
  options.dataSource.subscribers.push({ afterTransactionCommit: () => relay.rowsCommitted() });
  watchOutboxAge(schema, pool); // parkledger_outbox_oldest_unpublished_age_seconds, at every scrape
  const pruner = new RetentionPruner({
    schema,
    pool,
    outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
    inboxRetentionHours: config.INBOX_RETENTION_HOURS,
    requestRetentionHours: config.IDEMPOTENCY_RETENTION_HOURS,
    logger,
  });

  const parts = {
    schema,
    dataSource: options.dataSource,
    pool,
    connection,
    kafka,
    publisher,
    outbox,
    relay,
    logger,
    topicPrefix,
    groupPrefix: config.KAFKA_GROUP_PREFIX || topicPrefix,
    topics: registryTopics(topicPrefix),
    pruner,
    brokerMonitor: new BrokerMonitor(kafka),
    callerToken: { audience: service, publicKey: config.callerTokenKey },
  };
  const app = await NestFactory.create(options.module(parts), { logger: new NestPinoLogger(logger) });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(logger));
  const grpc = grpcOptions(service, config.GRPC_URL);
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        ...grpc,
        onLoadPackageDefinition: (definition: PackageDefinition) => options.grpcDefinition?.(definition),
      },
    },
    // the global guards of the module (the CallerTokenGuard of serviceProviders) guard the gRPC calls too
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ http: config.HTTP_PORT, grpc: config.GRPC_URL }, `${service} listening`);
  return app;
}
