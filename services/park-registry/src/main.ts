import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { allTopics, grpcOptions } from '@parkledger/contracts';
import { createKafka, ensureTopics, KafkajsEventPublisher, Outbox, OutboxRelay } from '@parkledger/messaging';
import {
  ConfigError,
  correlationMiddleware,
  createLogger,
  initMetrics,
  NestPinoLogger,
  requestLogMiddleware,
} from '@parkledger/platform';
import { Pool } from 'pg';
import { AppModule } from './app.module';
import { loadParkRegistryConfig, SCHEMA, type ParkRegistryConfig } from './config/park-registry.config';
import { createDataSource } from './database/data-source';

const REGISTRY_TOPICS = ['parkledger.parks.v1', 'parkledger.enterprises.v1', 'parkledger.settlements.v1'];

function config(): ParkRegistryConfig {
  try {
    return loadParkRegistryConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`park-registry: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const settings = config();
  const logger = createLogger('park-registry', settings.LOG_LEVEL);
  initMetrics('park-registry');

  const dataSource = createDataSource(settings);
  await dataSource.initialize();
  const applied = await dataSource.runMigrations();
  logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');

  const connection = {
    host: settings.PG_HOST,
    port: settings.PG_PORT,
    database: settings.PG_DATABASE,
    user: settings.PG_USER,
    password: settings.PG_PASSWORD,
    options: `-c search_path=${SCHEMA}`,
  };
  const pool = new Pool({ ...connection, max: 2 });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'idle relay connection failed'));
  const kafka = createKafka({ brokers: settings.KAFKA_BROKERS, clientId: settings.KAFKA_CLIENT_ID, logger });
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const topics = allTopics().filter((topic) => REGISTRY_TOPICS.includes(topic));
  await ensureTopics(
    kafka,
    topics.map((topic) => `${prefix}${topic}`),
  );
  const outbox = new Outbox(SCHEMA, '/parkledger/park-registry', prefix);
  const relay = new OutboxRelay({
    schema: SCHEMA,
    pool,
    connection,
    publisher: new KafkajsEventPublisher(kafka),
    logger,
  });

  const app = await NestFactory.create(AppModule.register({ dataSource, pool, kafka, outbox, relay }), {
    logger: new NestPinoLogger(logger),
  });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(logger));
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: grpcOptions('park-registry', settings.GRPC_URL),
  });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  logger.info({ http: settings.HTTP_PORT, grpc: settings.GRPC_URL }, 'park-registry listening');
}

void main();
