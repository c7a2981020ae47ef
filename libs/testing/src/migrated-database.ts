import { type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { databaseEnv, freshDatabase, type TestDatabase } from './database';

/** What a service's config needs besides the database when the test starts no server and no client. */
const IDLE_SERVICE_ENV = { NODE_ENV: 'test', HTTP_PORT: '1', KAFKA_CLIENT_ID: 'test' };

export interface MigratedDatabase {
  db: TestDatabase;
  /** initialized, the service's migrations run */
  dataSource: DataSource;
  /** a pool with the schema first on its search path (as a consumer's), ended by stop() */
  pool(max: number): Pool;
  stop(): Promise<void>;
}

/**
 * A database of the calling test file's own with one schema that a service's own migrations have
 * built, the way the service builds it at start-up: the tests then run against the real tables.
 * `dataSourceFor` turns the service's environment (database included) into its data source.
 */
export async function migratedDatabase(
  label: string,
  schema: string,
  dataSourceFor: (env: Record<string, string>) => DataSource,
): Promise<MigratedDatabase> {
  const db = await freshDatabase(label);
  await db.pool(1).query(`CREATE SCHEMA ${schema}`);
  const dataSource = dataSourceFor({ ...IDLE_SERVICE_ENV, ...databaseEnv(db) });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    db,
    dataSource,
    pool: (max) => db.pool(max, schema),
    async stop() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
