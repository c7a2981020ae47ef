import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorKind } from '@parkledger/platform';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { type Request } from 'express';
import { firstValueFrom, of, throwError } from 'rxjs';
import { type DataSource } from 'typeorm';
import { principals } from '../auth/auth.decorators';
import { type Principal } from '../auth/principal';
import { loadGatewayConfig } from '../config/gateway.config';
import { createDataSource, GATEWAY_SCHEMA } from '../database/data-source';
import { IdempotencyInterceptor, ReplayedResponse } from './idempotency.interceptor';
import { IdempotencyPruner } from './idempotency.pruner';
import { IdempotencyStore } from './idempotency.store';

const HEZE = '01a20000-0000-7000-8000-00000000beef';
const JINAN = '01a20000-0000-7000-8000-00000000cafe';
const manager = (parks: string[]): Principal => ({ subject: 'pm-1', role: 'park-manager', parks });

/** A POST /api/v1/parks with an Idempotency-Key, as the interceptor sees it after the auth guard. */
function post(principal: Principal, key: string, body: unknown): ExecutionContext {
  const request = {
    method: 'POST',
    path: '/api/v1/parks',
    body,
    header: (name: string) => (name.toLowerCase() === 'idempotency-key' ? key : undefined),
  } as unknown as Request;
  principals.set(request, principal);
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => post,
  } as unknown as ExecutionContext;
}

const answering = (body: unknown): CallHandler => ({ handle: () => of(body) });
const refusing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

/** What a call through the interceptor ends in: the answer, a replay, or the error. */
async function outcome(interceptor: IdempotencyInterceptor, context: ExecutionContext, next: CallHandler) {
  try {
    return { answered: await firstValueFrom(interceptor.intercept(context, next)) };
  } catch (error) {
    if (error instanceof ReplayedResponse) return { replayed: error.body, status: error.status };
    if (error instanceof DomainError) return { refused: (error as DomainError<string>).code };
    throw error;
  }
}

describe('idempotency records against Postgres', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let store: IdempotencyStore;
  let interceptor: IdempotencyInterceptor;

  beforeAll(async () => {
    database = await migratedDatabase('gateway_idempotency', GATEWAY_SCHEMA, (env) =>
      createDataSource(loadGatewayConfig(env)),
    );
    dataSource = database.dataSource;
    store = new IdempotencyStore(dataSource);
    interceptor = new IdempotencyInterceptor(store, new Reflector());
  });

  afterAll(() => database?.stop());

  it('does not share an answer between two tokens of one subject with different parks', async () => {
    const body = { nameEn: 'Heze Biomedicine Park' };
    const first = await outcome(interceptor, post(manager([HEZE]), 'scope-1', body), answering({ id: 'heze-child' }));
    expect(first).toEqual({ answered: { id: 'heze-child' } });
    const same = await outcome(interceptor, post(manager([HEZE]), 'scope-1', body), answering({ id: 'again' }));
    expect(same).toEqual({ replayed: { id: 'heze-child' }, status: 201 });
    const otherScope = manager([JINAN, HEZE]);
    expect(await outcome(interceptor, post(otherScope, 'scope-1', body), answering({ id: 'jinan' }))).toEqual({
      answered: { id: 'jinan' },
    });
  });

  it('stores and replays an answer holding a NUL, and the retry does not get "in progress"', async () => {
    const refusal = new DomainError('validation-failed', ErrorKind.Invalid, 'bad field "a\u0000b"', [
      { field: 'a\u0000b', rule: 'whitelist', message: 'property a\u0000b should not exist' },
    ]);
    const context = () => post(manager([HEZE]), 'nul-1', { 'a\u0000b': 1 });
    expect(await outcome(interceptor, context(), refusing(refusal))).toEqual({ refused: 'validation-failed' });
    const retry = await outcome(interceptor, context(), answering({ unexpected: true }));
    expect(retry).toMatchObject({ status: 422, replayed: { detail: 'bad field "a\u0000b"' } });
    await store.complete('owner', 'nul-2', 200, 'application/json', { text: 'x\u0000y' });
  });

  it('releases the claim when the answer can not be stored, so a retry runs again', async () => {
    await dataSource.query(
      'ALTER TABLE idempotency_keys ADD CONSTRAINT refuse_answers CHECK (status IS NULL) NOT VALID',
    );
    try {
      const refusal = new DomainError('not-found', ErrorKind.NotFound, 'no such park');
      const context = () => post(manager([HEZE]), 'unstorable-1', { nameEn: 'x' });
      expect(await outcome(interceptor, context(), refusing(refusal))).toEqual({ refused: 'not-found' });
      expect(await store.claim('anyone', 'probe', 'h')).toEqual({ kind: 'new' });
      expect(await outcome(interceptor, context(), answering({ id: 'p' }))).toEqual({ answered: { id: 'p' } });
    } finally {
      await dataSource.query('ALTER TABLE idempotency_keys DROP CONSTRAINT refuse_answers');
    }
  });

  it('prunes records older than the retention in small batches, and keeps fresh ones', async () => {
    await dataSource.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, created_at)
       SELECT 'old', 'k' || n, 'h', 201, 'application/json', '{}', now() - interval '25 hours'
         FROM generate_series(1, 1203) AS n`,
    );
    await dataSource.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, created_at)
       SELECT 'fresh', 'k' || n, 'h', now() - interval '23 hours' FROM generate_series(1, 7) AS n`,
    );
    const pruner = new IdempotencyPruner(store, { retentionHours: 24, batchSize: 500, pauseMs: 1 });
    const statements: number[] = [];
    expect(await pruner.pruneOnce((deleted) => statements.push(deleted))).toBe(1203);
    expect(statements).toEqual([500, 500, 203]);
    const left: { principal: string; n: number }[] = await dataSource.query(
      'SELECT principal, count(*)::int AS n FROM idempotency_keys WHERE principal IN ($1, $2) GROUP BY principal',
      ['old', 'fresh'],
    );
    expect(left).toEqual([{ principal: 'fresh', n: 7 }]);
  });

  it('never waits for a record a request holds: pruning skips it', async () => {
    await dataSource.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, created_at) VALUES ('held', 'k', 'h', now() - interval '2 days')`,
    );
    const client = await database.db.pool(1).connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM gateway.idempotency_keys WHERE principal = 'held' FOR UPDATE`);
      await client.query(`SET LOCAL lock_timeout = '5s'`);
      const started = Date.now();
      expect(await store.pruneBatch(24, 500)).toBe(0);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await store.pruneBatch(24, 500)).toBe(1);
  });
});
