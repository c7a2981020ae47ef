import { type DynamicModule, Module } from '@nestjs/common';
import { type IdempotentConsumer } from '@parkledger/messaging';
import { HealthController, MetricsController } from '@parkledger/platform';
import { serviceProviders, type ServiceParts } from '@parkledger/service-kit';
import { ApplicationsService } from './awards/applications.service';
import { AwardLifecycleService } from './awards/award-lifecycle.service';
import { AwardWrites } from './awards/award-writes';
import { AwardsQueriesService } from './awards/awards-queries.service';
import { AwardsRepository } from './awards/awards.repository';
import { AWARDS_OUTBOX } from './config/tokens';
import { PolicyAwardsGrpcController } from './grpc/policy-awards.grpc-controller';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { SimulationRepository } from './simulation/simulation.repository';
import { SimulationService } from './simulation/simulation.service';

@Module({})
export class AppModule {
  /** `consumers`: the read model of parks and settlements eligibility is judged on, and the awards milestones give. */
  static register(parts: ServiceParts, consumers: IdempotentConsumer[]): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, PolicyAwardsGrpcController],
      providers: [
        ...serviceProviders(parts, consumers),
        { provide: AWARDS_OUTBOX, useValue: parts.outbox },
        PoliciesRepository,
        AwardsRepository,
        AwardWrites,
        PoliciesService,
        ApplicationsService,
        AwardLifecycleService,
        AwardsQueriesService,
        ReportsRepository,
        ReportsService,
        SimulationRepository,
        SimulationService,
      ],
    };
  }
}
