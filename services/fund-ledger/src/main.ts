import 'reflect-metadata';
import { configOrExit, runGrpcService, serviceConsumers } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadFundLedgerConfig, SCHEMA } from './config/fund-ledger.config';
import { CONSUMERS } from './consumers';
import { createDataSource } from './database/data-source';

const config = configOrExit('fund-ledger', () => loadFundLedgerConfig());

void runGrpcService({
  service: 'fund-ledger',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) => AppModule.register(parts, serviceConsumers(parts, CONSUMERS)),
});
