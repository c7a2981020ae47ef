/** What the plain-NestJS reference is told by its environment. */
export interface ReferenceConfig {
  port: number;
  host: string;
  /** a postgres:// URL; when absent, pg reads the standard PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD */
  databaseUrl: string | undefined;
  /** the services' default pool size (PG_POOL_SIZE) */
  poolSize: number;
  /** the HS256 secret the bench's tokens are signed with */
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
}

export class ReferenceConfigError extends Error {}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ReferenceConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads the configuration once; a bad or missing variable is an error naming it. */
export function loadReferenceConfig(env: NodeJS.ProcessEnv = process.env): ReferenceConfig {
  const jwtSecret = env.JWT_SECRET ?? '';
  if (Buffer.byteLength(jwtSecret, 'utf8') < 32)
    throw new ReferenceConfigError('JWT_SECRET must have at least 32 bytes');
  return {
    port: whole(env, 'PORT', 3200, 1, 65535),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL === '' ? undefined : env.DATABASE_URL,
    poolSize: whole(env, 'POOL_SIZE', 10, 1, 100),
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER ?? 'parkledger',
    jwtAudience: env.JWT_AUDIENCE ?? 'parkledger-api',
  };
}
