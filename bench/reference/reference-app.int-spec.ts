import { type INestApplication } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { bearerCheck, BearerTokenError, verifyBearer } from './bearer-token';
import { type Database, type DatabaseClient } from './projects.repository';
import { createReferenceApp, decoratorMetadataKept } from './reference-app';
import { loadReferenceConfig, ReferenceConfigError } from './reference.config';

const SECRET = 'a-secret-of-the-reference-spec-at-least-32-bytes';
const check = bearerCheck(SECRET, 'parkledger', 'parkledger-api');
const token = (claims: object = {}, secret = SECRET, expiresIn = 600) =>
  jwt.sign({ role: 'admin', parks: [], ...claims }, secret, {
    algorithm: 'HS256',
    subject: 'bench',
    issuer: 'parkledger',
    audience: 'parkledger-api',
    expiresIn,
  });

const body = {
  parkId: '0190a3c2-7b5e-7c1d-9f00-000000000001',
  enterpriseId: '0190a3c2-7b5e-7c1d-9f00-000000000002',
  industryField: 'biological-medicine',
  nameZh: '基准项目',
  nameEn: 'Benchmark project',
  plannedInvestment: { amount: '100000000.00', currency: 'CNY' },
  effectiveOn: '2025-01-01',
};

/** A pg Pool stand-in: records the statements and answers the project INSERT with a row. */
function fakeDatabase(): Database & { statements: string[]; released: number } {
  const db = {
    statements: [] as string[],
    released: 0,
    connect: (): Promise<DatabaseClient> =>
      Promise.resolve({
        query: (text: string, values: unknown[] = []) => {
          db.statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
          const rows = text.includes('RETURNING')
            ? [
                {
                  id: values[0],
                  park_id: values[1],
                  enterprise_id: values[2],
                  industry_field: values[3],
                  name_zh: values[4],
                  name_en: values[5],
                  planned_amount: values[6],
                  planned_currency: values[7],
                  stage: values[8],
                  effective_on: values[9],
                  created_at: new Date('2026-01-01T00:00:00Z'),
                },
              ]
            : [];
          return Promise.resolve({ rows });
        },
        release: () => {
          db.released += 1;
        },
      }),
  };
  return db;
}

describe('the plain-NestJS reference of B1', () => {
  let app: INestApplication;
  let db: ReturnType<typeof fakeDatabase>;
  let url: string;

  beforeAll(async () => {
    db = fakeDatabase();
    app = await createReferenceApp(check, db, { logger: false });
    await app.listen(0, '127.0.0.1'); // loopback only: no Postgres, the pool is the fake above
    url = `${await app.getUrl()}/api/v1/projects`;
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    db.statements.length = 0;
  });

  const post = (payload: unknown, authorization: string | null = `Bearer ${token()}`) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === null ? {} : { authorization }),
      },
      body: JSON.stringify(payload),
    });

  it('is built with the decorator metadata ValidationPipe needs', () => {
    expect(decoratorMetadataKept()).toBe(true);
  });

  it('writes the row and its outbox row in one transaction and answers 201 with the row', async () => {
    const response = await post(body);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      ...body,
      stage: 'LEAD',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(db.statements).toEqual([
      'BEGIN',
      'INSERT INTO bench_reference_projects',
      'INSERT INTO bench_reference_outbox',
      'COMMIT',
    ]);
  });

  it.each([
    ['a bad UUID', { ...body, parkId: 'not-a-uuid' }, 'parkId must be a UUID'],
    ['an unknown industry', { ...body, industryField: 'steel' }, 'industryField must be one of'],
    ['an empty name', { ...body, nameZh: '' }, 'nameZh must be longer than or equal to 1 characters'],
    ['no money', { ...body, plannedInvestment: undefined }, 'plannedInvestment should not be null or undefined'],
    [
      'too many decimals for JPY',
      { ...body, plannedInvestment: { amount: '1.50', currency: 'JPY' } },
      'amount has more decimal places than its currency has',
    ],
    ['a null stage', { ...body, stage: null }, 'stage must be one of'],
    ['a date that is not one', { ...body, effectiveOn: '2023-02-29' }, 'effectiveOn must be a calendar date'],
    ['an unknown field', { ...body, owner: 'me' }, 'property owner should not exist'],
    [
      'an unknown nested field',
      { ...body, plannedInvestment: { ...body.plannedInvestment, rate: 1 } },
      'property rate should not exist',
    ],
  ])('refuses %s with 400 and writes nothing', async (_, payload, message) => {
    const response = await post(payload);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(message);
    expect(db.statements).toEqual([]);
  });

  it.each([
    ['no token', null],
    ['another secret', `Bearer ${token({}, 'another-secret-of-at-least-thirty-two-bytes')}`],
    ['an expired token', `Bearer ${token({}, SECRET, -10)}`],
    ['a token of alg none', `Bearer ${jwt.sign({ role: 'admin' }, null, { algorithm: 'none', expiresIn: 600 })}.`],
    ['a malformed token', 'Bearer abc.def'],
  ])('refuses %s with 401 and writes nothing', async (_, authorization) => {
    const response = await post(body, authorization);
    expect(response.status).toBe(401);
    expect(db.statements).toEqual([]);
  });

  it('rolls back when a statement fails', async () => {
    const failing: Database & { statements: string[] } = {
      statements: [],
      connect: () =>
        Promise.resolve({
          query: (text: string) => {
            failing.statements.push(text.trim().split(/\s+/)[0] ?? '');
            return text.startsWith('INSERT INTO bench_reference_outbox')
              ? Promise.reject(new Error('disk full'))
              : Promise.resolve({ rows: [{ created_at: new Date() }] });
          },
          release: () => undefined,
        }),
    };
    const other = await createReferenceApp(check, failing, { logger: false });
    await other.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`${await other.getUrl()}/api/v1/projects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(500);
      expect(failing.statements).toEqual(['BEGIN', 'INSERT', 'INSERT', 'ROLLBACK']);
    } finally {
      await other.close();
    }
  });
});

describe('verifyBearer', () => {
  it('checks the issuer, the audience and the expiry', () => {
    expect(verifyBearer(`Bearer ${token()}`, check)).toEqual({ subject: 'bench', role: 'admin' });
    expect(() => verifyBearer(`Bearer ${token()}`, bearerCheck(SECRET, 'someone-else', 'parkledger-api'))).toThrow(
      'from another issuer',
    );
    expect(() => verifyBearer(`Bearer ${token()}`, bearerCheck(SECRET, 'parkledger', 'another-api'))).toThrow(
      'not meant for this API',
    );
    expect(() => verifyBearer(`Bearer ${token()}`, check, Date.now() / 1000 + 601)).toThrow(BearerTokenError);
  });
});

describe('loadReferenceConfig', () => {
  it('needs a secret of 32 bytes and takes the port and pool size as whole numbers', () => {
    expect(() => loadReferenceConfig({ JWT_SECRET: 'short' })).toThrow(ReferenceConfigError);
    expect(() => loadReferenceConfig({ JWT_SECRET: SECRET, PORT: 'x' })).toThrow('PORT must be a whole number');
    expect(loadReferenceConfig({ JWT_SECRET: SECRET, PORT: '4100', DATABASE_URL: 'postgres://h/db' })).toMatchObject({
      port: 4100,
      host: '127.0.0.1',
      databaseUrl: 'postgres://h/db',
      poolSize: 10,
      jwtIssuer: 'parkledger',
      jwtAudience: 'parkledger-api',
    });
  });
});
