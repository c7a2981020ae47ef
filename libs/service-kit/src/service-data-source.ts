import { PreparingClient } from '@parkledger/messaging';
import { DataSource, type MixedList } from 'typeorm';

interface DatabaseConfig {
  PG_HOST: string;
  PG_PORT: number;
  PG_DATABASE: string;
  PG_USER: string;
  PG_PASSWORD: string;
  PG_POOL_SIZE: number;
}

/**
 * A service's TypeORM DataSource: its own schema first on the search path, explicit migrations
 * (never synchronize), run at start-up; its connections prepare the statements chosen to be
 * (`prepared`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function serviceDataSource(config: DatabaseConfig, schema: string, migrations: MixedList<Function>): DataSource {
  return new DataSource({
    type: 'postgres',
    host: config.PG_HOST,
    port: config.PG_PORT,
    database: config.PG_DATABASE,
    username: config.PG_USER,
    password: config.PG_PASSWORD,
    schema,
    poolSize: config.PG_POOL_SIZE,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { options: `-c search_path=${schema}`, Client: PreparingClient },
  });
}
