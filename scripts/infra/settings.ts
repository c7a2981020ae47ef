import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

export const KAFKA_VERSION = '4.1.2';
export const LOG4J_VERSION = '2.24.3';
export const POSTGRES_MAJOR = '15';

/** Where the local infrastructure lives and listens; every value can be overridden by the environment. */
export interface InfraSettings {
  stateDir: string;
  cacheDir: string;
  kafka: { host: string; port: number; controllerPort: number; heap: string };
  postgres: {
    host: string;
    port: number;
    database: string;
    adminUser: string;
    adminPassword: string;
    binDir: string | undefined;
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

export function infraSettings(env: NodeJS.ProcessEnv = process.env): InfraSettings {
  const checkout = createHash('sha1').update(repoRoot).digest('hex').slice(0, 8);
  const cacheHome = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return {
    // Outside the work tree and readable by the postgres user when we run as root.
    stateDir: env.PARKLEDGER_STATE_DIR ?? `/var/tmp/parkledger-${checkout}`,
    cacheDir: env.PARKLEDGER_CACHE_DIR ?? join(cacheHome, 'parkledger'),
    kafka: {
      host: '127.0.0.1',
      port: port(env, 'KAFKA_PORT', 9092),
      controllerPort: port(env, 'KAFKA_CONTROLLER_PORT', 9093),
      heap: env.KAFKA_HEAP ?? '1g',
    },
    postgres: {
      host: '127.0.0.1',
      port: port(env, 'PG_PORT', 5433),
      database: env.PG_DATABASE ?? 'parkledger',
      adminUser: env.PG_ADMIN_USER ?? 'parkledger_admin',
      adminPassword: env.PG_ADMIN_PASSWORD ?? 'parkledger_admin',
      binDir: env.PG_BIN,
    },
  };
}
