import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { databaseReadiness, kafkaReadiness, type IdempotentConsumer } from '@parkledger/messaging';
import { HealthController, MetricsController, READINESS_CHECKS } from '@parkledger/platform';
import { type ServiceParts } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { PIPELINE_OUTBOX } from './config/tokens';
import { ProjectPipelineGrpcController } from './grpc/project-pipeline.grpc-controller';
import { KnownParksRepository } from './projects/known-parks.repository';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';

const INFRA = Symbol('INFRA');

export type PipelineInfrastructure = ServiceParts & {
  /** builds the park registry read model */
  registryConsumer: IdempotentConsumer;
};

/** Starts the relay and the read-model consumer with the service; stops them before the connections close. */
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(INFRA) private readonly infra: PipelineInfrastructure) {}

  async onApplicationBootstrap(): Promise<void> {
    this.infra.relay.start();
    await this.infra.registryConsumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infra.registryConsumer.stop();
    await this.infra.relay.stop();
    await this.infra.pool.end();
    await this.infra.dataSource.destroy();
  }
}

@Module({})
export class AppModule {
  static register(infra: PipelineInfrastructure): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ProjectPipelineGrpcController],
      providers: [
        { provide: DataSource, useValue: infra.dataSource },
        { provide: PIPELINE_OUTBOX, useValue: infra.outbox },
        { provide: INFRA, useValue: infra },
        { provide: READINESS_CHECKS, useValue: [databaseReadiness(infra.pool), kafkaReadiness(infra.kafka)] },
        MessagingLifecycle,
        ProjectsRepository,
        KnownParksRepository,
        ProjectsService,
      ],
    };
  }
}
