import { DataSource } from 'typeorm';
import { type GatewayConfig } from '../config/gateway.config';
import { CreateIdempotencyKeys1763810000000 } from './migrations/1763810000000-create-idempotency-keys';

export const GATEWAY_SCHEMA = 'gateway';

/** The gateway keeps no business state: only idempotency records, in its own schema. */
export function createDataSource(config: GatewayConfig, schema = GATEWAY_SCHEMA): DataSource {
  return new DataSource({
    type: 'postgres',
    host: config.PG_HOST,
    port: config.PG_PORT,
    database: config.PG_DATABASE,
    username: config.PG_USER,
    password: config.PG_PASSWORD,
    schema,
    poolSize: config.PG_POOL_SIZE,
    migrations: [CreateIdempotencyKeys1763810000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { options: `-c search_path=${schema}` },
  });
}
