import { randomBytes } from 'node:crypto';
import { Client, Pool, type ClientConfig } from 'pg';
import { adminConfig, assertTestDatabase, testInfra } from './infra';

/** The PG_* variables a service's config reads, pointing at a test database (as the admin role). */
export function databaseEnv(db: TestDatabase): Record<string, string> {
  return {
    PG_HOST: db.config.host ?? '127.0.0.1',
    PG_PORT: String(db.config.port),
    PG_DATABASE: db.name,
    PG_USER: db.config.user ?? '',
    PG_PASSWORD: typeof db.config.password === 'string' ? db.config.password : '',
  };
}

export interface TestDatabase {
  name: string;
  /** connection settings for the new database */
  config: ClientConfig;
  /** a pool ended by drop(); with a schema, that schema first on its search path */
  pool(max?: number, schema?: string): Pool;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(adminConfig(await testInfra(), 'postgres'));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of the calling test file's own, created empty and dropped at the end. */
export async function freshDatabase(label: string): Promise<TestDatabase> {
  const name = `pltest_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const config = adminConfig(await testInfra(), name);
  const pools: Pool[] = [];
  return {
    name,
    config,
    pool(max = 10, schema?: string) {
      const pool = new Pool({
        ...config,
        max,
        ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
      });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
