import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController, MetricsController } from '@parkledger/platform';
import { type IdempotentConsumer } from '@parkledger/messaging';
import { serviceProviders, type ServiceParts } from '@parkledger/service-kit';
import { REGISTRY_OUTBOX } from './common/tokens';
import { EnterprisesRepository } from './enterprises/enterprises.repository';
import { EnterprisesService } from './enterprises/enterprises.service';
import { ParkRegistryGrpcController } from './grpc/park-registry.grpc-controller';
import { MilestonesRepository } from './milestones/milestones.repository';
import { MilestonesService } from './milestones/milestones.service';
import { ParksRepository } from './parks/parks.repository';
import { ParksService } from './parks/parks.service';
import { SettlementsRepository } from './settlements/settlements.repository';
import { SettlementsService } from './settlements/settlements.service';

@Module({})
export class AppModule {
  /**
   * `consumers` learn from the pipeline's events which parks projects refer to; runParkRegistry
   * always passes them (a test of the gRPC edge alone may leave them out).
   */
  static register(parts: ServiceParts, consumers: IdempotentConsumer[] = []): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ParkRegistryGrpcController],
      providers: [
        ...serviceProviders(parts, consumers),
        { provide: REGISTRY_OUTBOX, useValue: parts.outbox },
        ParksRepository,
        ParksService,
        EnterprisesRepository,
        EnterprisesService,
        SettlementsRepository,
        SettlementsService,
        MilestonesRepository,
        MilestonesService,
      ],
    };
  }
}
