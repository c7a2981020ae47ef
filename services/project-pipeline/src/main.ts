import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { grpcOptions, topicOf } from '@parkledger/contracts';
import {
  createKafka,
  deadLetterTopic,
  ensureTopics,
  IdempotentConsumer,
  KafkajsEventPublisher,
  Outbox,
  OutboxRelay,
} from '@parkledger/messaging';
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
import { loadProjectPipelineConfig, SCHEMA, type ProjectPipelineConfig } from './config/project-pipeline.config';
import { createDataSource } from './database/data-source';
import { applyRegistryEvent, REGISTRY_TOPICS } from './read-model/registry-read-model';

function config(): ProjectPipelineConfig {
  try {
    return loadProjectPipelineConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`project-pipeline: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const settings = config();
  const logger = createLogger('project-pipeline', settings.LOG_LEVEL);
  initMetrics('project-pipeline');

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
  const pool = new Pool({ ...connection, max: 4 });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'idle connection failed'));
  const kafka = createKafka({ brokers: settings.KAFKA_BROKERS, clientId: settings.KAFKA_CLIENT_ID, logger });
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const consumed = REGISTRY_TOPICS.map((topic) => `${prefix}${topic}`);
  await ensureTopics(kafka, [
    `${prefix}${topicOf('parkledger.project.signed.v1')}`,
    ...consumed,
    ...consumed.map(deadLetterTopic),
  ]);
  const publisher = new KafkajsEventPublisher(kafka);
  const outbox = new Outbox(SCHEMA, '/parkledger/project-pipeline', prefix);
  const relay = new OutboxRelay({ schema: SCHEMA, pool, connection, publisher, logger });
  const registryConsumer = new IdempotentConsumer({
    consumer: `${prefix}project-pipeline.registry-read-model`,
    topics: consumed,
    schema: SCHEMA,
    kafka,
    pool,
    publisher,
    handle: applyRegistryEvent,
    logger,
  });

  const app = await NestFactory.create(
    AppModule.register({ dataSource, pool, kafka, outbox, relay, registryConsumer }),
    {
      logger: new NestPinoLogger(logger),
    },
  );
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(logger));
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: grpcOptions('project-pipeline', settings.GRPC_URL),
  });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  logger.info({ http: settings.HTTP_PORT, grpc: settings.GRPC_URL }, 'project-pipeline listening');
}

void main();
