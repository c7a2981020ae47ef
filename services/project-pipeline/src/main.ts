import 'reflect-metadata';
import { IdempotentConsumer } from '@parkledger/messaging';
import { configOrExit, runGrpcService } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadProjectPipelineConfig, SCHEMA } from './config/project-pipeline.config';
import { createDataSource } from './database/data-source';
import { applyRegistryEvent, applyRegistryEvents, REGISTRY_TOPICS } from './read-model/registry-read-model';

const config = configOrExit('project-pipeline', () => loadProjectPipelineConfig());
const groupPrefix = config.KAFKA_GROUP_PREFIX || config.KAFKA_TOPIC_PREFIX;

void runGrpcService({
  service: 'project-pipeline',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) =>
    AppModule.register(
      parts,
      new IdempotentConsumer({
        consumer: `${groupPrefix}project-pipeline.registry-read-model`,
        topics: REGISTRY_TOPICS.map((topic) => `${parts.topicPrefix}${topic}`),
        schema: SCHEMA,
        kafka: parts.kafka,
        pool: parts.pool,
        publisher: parts.publisher,
        handle: applyRegistryEvent,
        handleRun: applyRegistryEvents,
        logger: parts.logger,
      }),
    ),
});
