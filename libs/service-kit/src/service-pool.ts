import { PreparingClient } from '@parkledger/messaging';
import { Pool, type ClientConfig } from 'pg';
import { type Logger } from 'pino';

/**
 * The service's own pg pool (beside TypeORM's): the relay, the consumers, retention. pg-pool
 * listens for errors on a connection only while it sits idle in the pool; a connection that dies
 * while checked out (Postgres crashing under a consumer's transaction) emits 'error' with no
 * listener, which ends the process. So each connection gets a listener of its own for its whole
 * life: the work on it fails (its query rejects, or its next one: "not queryable"), is retried as
 * the caller does with any database error, and the connection is dropped when released. Its
 * connections prepare the statements chosen to be (`prepared`).
 */
export function servicePool(connection: ClientConfig, logger: Logger, max = 4): Pool {
  const pool = new Pool({ ...connection, max, Client: PreparingClient });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'idle connection failed'));
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.debug({ err: error.message }, 'connection failed'));
  });
  return pool;
}
