import { Outbox } from '@parkledger/messaging';
import { type Caller } from '@parkledger/service-kit';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { AwardLifecycleService } from '../awards/award-lifecycle.service';
import { AwardWrites } from '../awards/award-writes';
import { ApplicationsService } from '../awards/applications.service';
import { AwardsQueriesService } from '../awards/awards-queries.service';
import { AwardsRepository } from '../awards/awards.repository';
import { loadPolicyAwardsConfig } from '../config/policy-awards.config';
import { createDataSource } from '../database/data-source';
import { MilestoneAwards } from '../milestones/milestone-awards';
import { PoliciesRepository } from '../policies/policies.repository';
import { PoliciesService } from '../policies/policies.service';
import { ReportsRepository } from '../reports/reports.repository';
import { ReportsService } from '../reports/reports.service';
import { SimulationRepository } from '../simulation/simulation.repository';
import { SimulationService } from '../simulation/simulation.service';

/** The schema the integration specs migrate and query by name (`awards.limit_usage`). */
export const SPEC_SCHEMA = 'awards';

export const officer: Caller = {
  subject: 'officer',
  role: 'policy-officer',
  parkScope: [],
  fundScope: [],
  policyScope: ['jinan-2019-biomedical', 'racing-policy'],
};

export interface AwardsUnderTest extends MigratedDatabase {
  policies: PoliciesService;
  applications: ApplicationsService;
  lifecycle: AwardLifecycleService;
  queries: AwardsQueriesService;
  milestoneAwards: MilestoneAwards;
  reports: ReportsService;
  simulation: SimulationService;
}

/** The awards service's services on a migrated database of the calling spec's own, without Nest, gRPC or Kafka. */
export async function awardsUnderTest(label: string): Promise<AwardsUnderTest> {
  const database = await migratedDatabase(label, SPEC_SCHEMA, (env) =>
    createDataSource(loadPolicyAwardsConfig(env), SPEC_SCHEMA),
  );
  const { dataSource } = database;
  const outbox = new Outbox(SPEC_SCHEMA, '/parkledger/policy-awards');
  const policyRows = new PoliciesRepository();
  const awards = new AwardsRepository();
  const writes = new AwardWrites(dataSource, awards, outbox);
  const policies = new PoliciesService(dataSource, policyRows, outbox);
  return {
    ...database,
    policies,
    applications: new ApplicationsService(dataSource, policies, awards, writes),
    lifecycle: new AwardLifecycleService(writes, awards, policyRows),
    queries: new AwardsQueriesService(dataSource, awards),
    milestoneAwards: new MilestoneAwards(policyRows, awards, writes),
    reports: new ReportsService(dataSource, policyRows, new ReportsRepository()),
    simulation: new SimulationService(dataSource, policyRows, new SimulationRepository()),
  };
}
