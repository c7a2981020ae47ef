import { prepared } from '@parkledger/messaging';
import { freshDatabase, type TestDatabase } from '@parkledger/testing';
import { type PoolClient } from 'pg';
import pino from 'pino';
import { type EntityManager } from 'typeorm';
import { serviceDataSource } from '../src/service-data-source';
import { servicePool } from '../src/service-pool';

const CHOSEN = prepared('SELECT $1::int + 1 AS next');
const BARE = prepared('SELECT 41 + 1 AS next'); // no parameter: run as query(text), as the relay's select is
const OTHER = 'SELECT $1::int + 2 AS next';

/** The statements this connection has prepared, by text. */
const preparedOn = async (run: (text: string) => Promise<{ statement: string }[]>): Promise<string[]> =>
  (await run('SELECT statement FROM pg_prepared_statements')).map((row) => row.statement);

describe('prepared statements on a service’s connections', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase('prepared_statements');
    await db.pool(1).query('CREATE SCHEMA prepared_test');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('the pool’s connections prepare a chosen statement once and run it with each value; others run unnamed', async () => {
    const pool = servicePool(db.config, pino({ level: 'silent' }), 1);
    try {
      const client: PoolClient = await pool.connect();
      try {
        const next = async (text: string, n: number) => (await client.query<{ next: number }>(text, [n])).rows;
        expect(await next(CHOSEN, 1)).toEqual([{ next: 2 }]);
        expect(await next(CHOSEN, 41)).toEqual([{ next: 42 }]);
        expect(await next(OTHER, 1)).toEqual([{ next: 3 }]);
        const statements = await preparedOn(async (text) => (await client.query<{ statement: string }>(text)).rows);
        expect(statements).toEqual([CHOSEN]);
      } finally {
        client.release();
      }
      // pool.query's own path (a connection checked out and back) prepares it too, and one with no values
      expect((await pool.query<{ next: number }>(CHOSEN, [9])).rows).toEqual([{ next: 10 }]);
      expect((await pool.query<{ next: number }>(BARE)).rows).toEqual([{ next: 42 }]);
      const all = await preparedOn(async (text) => (await pool.query<{ statement: string }>(text)).rows);
      expect(all.sort()).toEqual([CHOSEN, BARE].sort());
    } finally {
      await pool.end();
    }
  });

  it('a chosen statement refused in an aborted transaction runs again after it', async () => {
    const pool = servicePool(db.config, pino({ level: 'silent' }), 1);
    try {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await expect(client.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
        await expect(client.query(CHOSEN, [1])).rejects.toThrow(/current transaction is aborted/);
        await client.query('ROLLBACK');
        expect((await client.query<{ next: number }>(CHOSEN, [2])).rows).toEqual([{ next: 3 }]);
        expect((await client.query<{ next: number }>(CHOSEN, [3])).rows).toEqual([{ next: 4 }]);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });

  it('TypeORM’s connections prepare a chosen statement, inside a transaction as outside', async () => {
    const dataSource = serviceDataSource(
      {
        PG_HOST: db.config.host as string,
        PG_PORT: db.config.port as number,
        PG_DATABASE: db.name,
        PG_USER: db.config.user as string,
        PG_PASSWORD: db.config.password as string,
        PG_POOL_SIZE: 1,
      },
      'prepared_test',
      [],
    );
    await dataSource.initialize();
    try {
      const statements = await dataSource.transaction(async (tx: EntityManager) => {
        expect(await tx.query(CHOSEN, [5])).toEqual([{ next: 6 }]);
        expect(await tx.query(OTHER, [5])).toEqual([{ next: 7 }]);
        return preparedOn((text) => tx.query(text));
      });
      expect(statements).toEqual([CHOSEN]);
      // outside a transaction, on the same (only) connection
      expect(await dataSource.query(BARE)).toEqual([{ next: 42 }]);
      expect((await preparedOn((text) => dataSource.query(text))).sort()).toEqual([CHOSEN, BARE].sort());
    } finally {
      await dataSource.destroy();
    }
  });
});
