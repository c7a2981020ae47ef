import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { databaseReadiness, kafkaReadiness } from '@parkledger/messaging';
import { HealthController, MetricsController, READINESS_CHECKS } from '@parkledger/platform';
import { type ServiceParts } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { REGISTRY_OUTBOX } from './common/tokens';
import { EnterprisesRepository } from './enterprises/enterprises.repository';
import { EnterprisesService } from './enterprises/enterprises.service';
import { ParkRegistryGrpcController } from './grpc/park-registry.grpc-controller';
import { ParksRepository } from './parks/parks.repository';
import { ParksService } from './parks/parks.service';
import { SettlementsRepository } from './settlements/settlements.repository';
import { SettlementsService } from './settlements/settlements.service';

const RELAY = Symbol('RELAY');

export type RegistryInfrastructure = ServiceParts;

/** Starts the outbox relay with the service and stops it before the connections close. */
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(RELAY) private readonly infra: RegistryInfrastructure) {}

  onApplicationBootstrap(): void {
    this.infra.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infra.relay.stop();
    await this.infra.pool.end();
    await this.infra.dataSource.destroy();
  }
}

@Module({})
export class AppModule {
  static register(infra: RegistryInfrastructure): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ParkRegistryGrpcController],
      providers: [
        { provide: DataSource, useValue: infra.dataSource },
        { provide: REGISTRY_OUTBOX, useValue: infra.outbox },
        { provide: RELAY, useValue: infra },
        { provide: READINESS_CHECKS, useValue: [databaseReadiness(infra.pool), kafkaReadiness(infra.kafka)] },
        RelayLifecycle,
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
