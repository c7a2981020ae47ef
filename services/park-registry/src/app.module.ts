import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController, MetricsController } from '@parkledger/platform';
import { serviceProviders, type ServiceParts } from '@parkledger/service-kit';
import { REGISTRY_OUTBOX } from './common/tokens';
import { EnterprisesRepository } from './enterprises/enterprises.repository';
import { EnterprisesService } from './enterprises/enterprises.service';
import { ParkRegistryGrpcController } from './grpc/park-registry.grpc-controller';
import { ParksRepository } from './parks/parks.repository';
import { ParksService } from './parks/parks.service';
import { SettlementsRepository } from './settlements/settlements.repository';
import { SettlementsService } from './settlements/settlements.service';

@Module({})
export class AppModule {
  static register(parts: ServiceParts): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ParkRegistryGrpcController],
      providers: [
        ...serviceProviders(parts),
        { provide: REGISTRY_OUTBOX, useValue: parts.outbox },
        ParksRepository,
        ParksService,
        EnterprisesRepository,
        EnterprisesService,
        SettlementsRepository,
        SettlementsService,
      ],
    };
  }
}
