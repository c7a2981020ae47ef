import { freshDatabase, type TestDatabase } from '@parkledger/testing';
import pino from 'pino';
import { servicePool } from '../src/service-pool';

describe("a service's pool", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase('service_pool');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('outlives a connection that dies while checked out (Postgres crashing mid-transaction): the work fails, the next client works', async () => {
    const pool = servicePool(db.config, pino({ level: 'silent' }), 2);
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await client.query('BEGIN');
      // what a crash does to the connection: the server ends it, with no query running on it
      const admin = db.pool(1);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat/);
      client.release(true);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
