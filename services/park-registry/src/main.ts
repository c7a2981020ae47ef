import 'reflect-metadata';
import { configOrExit, runGrpcService } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadParkRegistryConfig, SCHEMA } from './config/park-registry.config';
import { createDataSource } from './database/data-source';

const config = configOrExit('park-registry', () => loadParkRegistryConfig());

void runGrpcService({
  service: 'park-registry',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  topics: ['parkledger.parks.v1', 'parkledger.enterprises.v1', 'parkledger.settlements.v1'],
  module: (parts) => AppModule.register(parts),
});
