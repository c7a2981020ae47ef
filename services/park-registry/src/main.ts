import 'reflect-metadata';
import { IdempotentConsumer } from '@parkledger/messaging';
import { configOrExit, runGrpcService } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadParkRegistryConfig, SCHEMA } from './config/park-registry.config';
import { createDataSource } from './database/data-source';
import {
  applyProjectEvent,
  PROJECT_REFERENCES_CONSUMER,
  PROJECT_TOPICS,
} from './references/project-references.consumer';

const config = configOrExit('park-registry', () => loadParkRegistryConfig());
const groupPrefix = config.KAFKA_GROUP_PREFIX || config.KAFKA_TOPIC_PREFIX;

void runGrpcService({
  service: 'park-registry',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) =>
    AppModule.register(
      parts,
      // which parks projects refer to, from the pipeline's events: those are retired, never deleted
      new IdempotentConsumer({
        consumer: `${groupPrefix}${PROJECT_REFERENCES_CONSUMER}`,
        topics: PROJECT_TOPICS.map((topic) => `${parts.topicPrefix}${topic}`),
        schema: SCHEMA,
        kafka: parts.kafka,
        pool: parts.pool,
        publisher: parts.publisher,
        handle: applyProjectEvent,
        logger: parts.logger,
      }),
    ),
});
