import { CreateMessagingTables1763798400000 } from '@parkledger/messaging';
import { DataSource } from 'typeorm';
import { SCHEMA, type ParkRegistryConfig } from '../config/park-registry.config';
import { CreateRegistryTables1763800000000 } from './migrations/1763800000000-create-registry-tables';
import { CreateProcessedRequests1763820000000 } from './migrations/1763820000000-create-processed-requests';

/** Explicit migrations, never synchronize; run at start-up. */
export const MIGRATIONS = [
  CreateMessagingTables1763798400000,
  CreateRegistryTables1763800000000,
  CreateProcessedRequests1763820000000,
];

export function createDataSource(config: ParkRegistryConfig, schema: string = SCHEMA): DataSource {
  return new DataSource({
    type: 'postgres',
    host: config.PG_HOST,
    port: config.PG_PORT,
    database: config.PG_DATABASE,
    username: config.PG_USER,
    password: config.PG_PASSWORD,
    schema,
    poolSize: config.PG_POOL_SIZE,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { options: `-c search_path=${schema}` },
  });
}
