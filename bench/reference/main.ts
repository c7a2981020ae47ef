// B1's second reference: the framework's own floor. A plain single-process NestJS app (Express
// adapter) that does B1's kind of write: verify the HS256 bearer token, validate the body with
// class-validator through ValidationPipe, one transaction with the business row and its outbox row.
// Not product code: `npm run bench` builds it with tsc (decorator metadata; tsx would drop it) and
// starts it on the system's database. By hand:
//   npx tsc -p bench/reference/tsconfig.json
//   PORT=3200 DATABASE_URL=postgres://user:password@127.0.0.1:5433/db JWT_SECRET=<32+ bytes> \
//     MALLOC_MMAP_THRESHOLD_=32768 node --max-old-space-size=128 --max-semi-space-size=4 bench/reference/dist/main.js
// (the services' SERVICE_ENV and SERVICE_NODE_ARGS, as `npm run bench` starts it)
// (or PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD instead of DATABASE_URL; POOL_SIZE default 10,
// HOST default 127.0.0.1, JWT_ISSUER default parkledger, JWT_AUDIENCE default parkledger-api)
import 'reflect-metadata';
import { Pool } from 'pg';
import { bearerCheck } from './bearer-token';
import { REFERENCE_TABLES_SQL } from './projects.repository';
import { createReferenceApp } from './reference-app';
import { loadReferenceConfig, ReferenceConfigError, type ReferenceConfig } from './reference.config';

function config(): ReferenceConfig {
  try {
    return loadReferenceConfig();
  } catch (error) {
    if (!(error instanceof ReferenceConfigError)) throw error;
    process.stderr.write(`bench reference: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const settings = config();
  const pool = new Pool({ connectionString: settings.databaseUrl, max: settings.poolSize });
  pool.on('error', (error) => process.stderr.write(`bench reference: idle client error: ${error.message}\n`));
  await pool.query(REFERENCE_TABLES_SQL);
  const app = await createReferenceApp(bearerCheck(settings.jwtSecret, settings.jwtIssuer, settings.jwtAudience), pool);
  await app.listen(settings.port, settings.host);
  process.stdout.write(`bench reference: listening on http://${settings.host}:${settings.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench reference: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
