import 'reflect-metadata';
import { configOrExit, REGION_TOPICS, runGrpcService, serviceConsumer } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { AwardWrites } from './awards/award-writes';
import { AwardsRepository } from './awards/awards.repository';
import { loadPolicyAwardsConfig, SCHEMA } from './config/policy-awards.config';
import { createDataSource } from './database/data-source';
import { MILESTONE_TOPICS, MilestoneAwards } from './milestones/milestone-awards';
import { PoliciesRepository } from './policies/policies.repository';
import { applyEligibilityEvent } from './read-model/eligibility-read-model';

const config = configOrExit('policy-awards', () => loadPolicyAwardsConfig());

void runGrpcService({
  service: 'policy-awards',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) => {
    const awards = new AwardsRepository();
    const milestoneAwards = new MilestoneAwards(
      new PoliciesRepository(),
      awards,
      new AwardWrites(parts.dataSource, awards, parts.outbox),
    );
    return AppModule.register(parts, [
      serviceConsumer(parts, {
        name: 'policy-awards.eligibility-read-model',
        topics: REGION_TOPICS,
        handle: applyEligibilityEvent,
      }),
      serviceConsumer(parts, {
        name: 'policy-awards.milestone-awards',
        topics: MILESTONE_TOPICS,
        handle: (event, tx) => milestoneAwards.apply(event, tx),
        writesOutbox: true,
      }),
    ]);
  },
});
