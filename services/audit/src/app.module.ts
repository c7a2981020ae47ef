import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HealthController, MetricsController } from '@parkledger/platform';
import { serviceProviders, type ServiceParts, type StartableConsumer } from '@parkledger/service-kit';
import { AnomaliesRepository } from './anomalies/anomalies.repository';
import { AnomaliesService } from './anomalies/anomalies.service';
import { EntriesRepository } from './entries/entries.repository';
import { EntriesService } from './entries/entries.service';
import { EventsRepository } from './events/events.repository';
import { EventsService } from './events/events.service';
import { AuditGrpcController } from './grpc/audit.grpc-controller';
import { AuditLogRepository } from './log/audit-log.repository';
import { ProofsService } from './proofs/proofs.service';
import { type TailHub } from './tail/tail-hub';
import { TailService } from './tail/tail.service';

/** Ends the open tails when the service stops, so their calls complete. */
class TailLifecycle implements OnApplicationShutdown {
  constructor(private readonly hub: TailHub) {}

  onApplicationShutdown(): void {
    this.hub.stop();
  }
}

@Module({})
export class AppModule {
  /** `consumers`: the reader of every topic that appends to the log; `tail`: the live tail and its one reader. */
  static register(
    parts: ServiceParts,
    log: AuditLogRepository,
    tail: { hub: TailHub; tail: TailService },
    consumers: StartableConsumer[],
  ): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, AuditGrpcController],
      providers: [
        ...serviceProviders(parts, consumers),
        { provide: ProofsService, useValue: new ProofsService(parts.pool, log) },
        { provide: EntriesService, useValue: new EntriesService(parts.pool, log, new EntriesRepository()) },
        { provide: EventsService, useValue: new EventsService(parts.pool, log, new EventsRepository()) },
        { provide: AnomaliesService, useValue: new AnomaliesService(parts.pool, new AnomaliesRepository()) },
        { provide: TailService, useValue: tail.tail },
        { provide: TailLifecycle, useValue: new TailLifecycle(tail.hub) },
      ],
    };
  }
}
