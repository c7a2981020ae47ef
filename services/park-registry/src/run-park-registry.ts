import { type INestApplication } from '@nestjs/common';
import { runGrpcService, serviceConsumers } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { SCHEMA, type ParkRegistryConfig } from './config/park-registry.config';
import { CONSUMERS } from './consumers';
import { createDataSource } from './database/data-source';

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
    // which parks projects refer to, from the pipeline's events: those are retired, never deleted
    module: (parts) => AppModule.register(parts, serviceConsumers(parts, CONSUMERS)),
  });
}
