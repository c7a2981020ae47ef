import 'reflect-metadata';
import { configOrExit, runGrpcService, serviceConsumers } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadPolicyAwardsConfig, SCHEMA } from './config/policy-awards.config';
import { CONSUMERS } from './consumers';
import { createDataSource } from './database/data-source';

const config = configOrExit('policy-awards', () => loadPolicyAwardsConfig());

void runGrpcService({
  service: 'policy-awards',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) => AppModule.register(parts, serviceConsumers(parts, CONSUMERS)),
});
