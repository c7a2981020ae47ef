import 'reflect-metadata';
import { configOrExit, runGrpcService, serviceConsumers } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadProjectPipelineConfig, SCHEMA } from './config/project-pipeline.config';
import { CONSUMERS } from './consumers';
import { createDataSource } from './database/data-source';

const config = configOrExit('project-pipeline', () => loadProjectPipelineConfig());

void runGrpcService({
  service: 'project-pipeline',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) => AppModule.register(parts, serviceConsumers(parts, CONSUMERS)),
});
