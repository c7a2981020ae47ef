import 'reflect-metadata';
import { configOrExit, runGrpcService, serviceConsumer } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadProjectPipelineConfig, SCHEMA } from './config/project-pipeline.config';
import { createDataSource } from './database/data-source';
import {
  applyPublicSupportEvent,
  PUBLIC_SUPPORT_CONSUMER,
  PUBLIC_SUPPORT_TOPICS,
} from './public-support/public-support.consumer';
import { applyRegistryEvent, applyRegistryEvents, REGISTRY_TOPICS } from './read-model/registry-read-model';

const config = configOrExit('project-pipeline', () => loadProjectPipelineConfig());

void runGrpcService({
  service: 'project-pipeline',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) =>
    AppModule.register(parts, [
      serviceConsumer(parts, {
        name: 'project-pipeline.registry-read-model',
        topics: REGISTRY_TOPICS,
        handle: applyRegistryEvent,
        handleRun: applyRegistryEvents,
      }),
      serviceConsumer(parts, {
        name: PUBLIC_SUPPORT_CONSUMER,
        topics: PUBLIC_SUPPORT_TOPICS,
        handle: applyPublicSupportEvent,
      }),
    ]),
});
