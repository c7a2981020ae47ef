import 'reflect-metadata';
import { configOrExit, runGrpcService, serviceConsumer } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadFundLedgerConfig, SCHEMA } from './config/fund-ledger.config';
import { createDataSource } from './database/data-source';
import { applyAwardEvent, AWARD_BOOK_TOPICS, AWARD_BOOKS_CONSUMER } from './policy-books/award-books.consumer';
import { applyTargetEvent, TARGET_TOPICS } from './read-model/targets-read-model';

const config = configOrExit('fund-ledger', () => loadFundLedgerConfig());

void runGrpcService({
  service: 'fund-ledger',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) =>
    AppModule.register(parts, [
      serviceConsumer(parts, {
        name: 'fund-ledger.targets-read-model',
        topics: TARGET_TOPICS,
        handle: applyTargetEvent,
      }),
      serviceConsumer(parts, { name: AWARD_BOOKS_CONSUMER, topics: AWARD_BOOK_TOPICS, handle: applyAwardEvent }),
    ]),
});
