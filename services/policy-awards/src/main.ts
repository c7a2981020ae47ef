import 'reflect-metadata';
import { configOrExit, REGION_TOPICS, runGrpcService, serviceConsumer } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadPolicyAwardsConfig, SCHEMA } from './config/policy-awards.config';
import { createDataSource } from './database/data-source';
import { applyEligibilityEvent } from './read-model/eligibility-read-model';

const config = configOrExit('policy-awards', () => loadPolicyAwardsConfig());

void runGrpcService({
  service: 'policy-awards',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) =>
    AppModule.register(parts, [
      serviceConsumer(parts, {
        name: 'policy-awards.eligibility-read-model',
        topics: REGION_TOPICS,
        handle: applyEligibilityEvent,
      }),
    ]),
});
