import { type INestApplication } from '@nestjs/common';
import { runGrpcService, serviceConsumer } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { SCHEMA, type ParkRegistryConfig } from './config/park-registry.config';
import { createDataSource } from './database/data-source';
import {
  applyProjectEvent,
  applyProjectEvents,
  PROJECT_REFERENCES_CONSUMER,
  PROJECT_TOPICS,
} from './references/project-references.consumer';

/**
 * Boots the registry on a loaded config: main.ts, and the specs that test the running service through
 * its gRPC edge, so they test what production starts rather than a copy of it.
 */
export function runParkRegistry(config: ParkRegistryConfig): Promise<INestApplication> {
  return runGrpcService({
    service: 'park-registry',
    schema: SCHEMA,
    config,
    dataSource: createDataSource(config),
    module: (parts) =>
      AppModule.register(
        parts,
        // which parks projects refer to, from the pipeline's events: those are retired, never deleted
        serviceConsumer(parts, {
          name: PROJECT_REFERENCES_CONSUMER,
          topics: PROJECT_TOPICS,
          handle: applyProjectEvent,
          handleRun: applyProjectEvents,
        }),
      ),
  });
}
