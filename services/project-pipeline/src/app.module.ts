import { type DynamicModule, Module } from '@nestjs/common';
import { type IdempotentConsumer } from '@parkledger/messaging';
import { HealthController, MetricsController } from '@parkledger/platform';
import { serviceProviders, type ServiceParts } from '@parkledger/service-kit';
import { PIPELINE_OUTBOX } from './config/tokens';
import { ProjectPipelineGrpcController } from './grpc/project-pipeline.grpc-controller';
import { KnownParksRepository } from './projects/known-parks.repository';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';
import { PublicSupportRepository } from './public-support/public-support.repository';
import { PublicSupportService } from './public-support/public-support.service';

@Module({})
export class AppModule {
  /**
   * `consumers`: the read model of the park registry, and the public-support read model of the fund
   * ledger's and the awards service's events.
   */
  static register(parts: ServiceParts, consumers: IdempotentConsumer[]): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ProjectPipelineGrpcController],
      providers: [
        ...serviceProviders(parts, consumers),
        { provide: PIPELINE_OUTBOX, useValue: parts.outbox },
        ProjectsRepository,
        KnownParksRepository,
        ProjectsService,
        PublicSupportRepository,
        PublicSupportService,
      ],
    };
  }
}
