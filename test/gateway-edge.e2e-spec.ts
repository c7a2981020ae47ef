import { devToken } from '../scripts/token';
import { call, type Reply } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; rule: string; message: string }[];
}

/** What the gateway refuses at its edge, before anything reaches a service or Postgres. */
describe('the gateway edge refuses input the services must never see', () => {
  let system: RunningSystem;
  const admin = devToken('admin');
  let parkId = '';
  let enterpriseId = '';

  const expectRefused = (reply: Reply<Problem>, field: string, rule: string) => {
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
  };

  /** Registers a project in the edge park, with the given planned investment. */
  const registerProject = (plannedInvestment: { amount: string; currency: string }) =>
    call<Problem>(system.base, 'POST', '/api/v1/projects', {
      token: admin,
      body: {
        parkId,
        enterpriseId,
        industryField: 'biological-medicine',
        nameZh: '项目',
        nameEn: 'Project',
        plannedInvestment,
        effectiveOn: '2024-01-01',
      },
    });

  beforeAll(async () => {
    system = await startSystem('edge');
    const park = await call<{ id: string }>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { kind: 'park', nameZh: '边缘园', nameEn: 'Edge Park' },
    });
    if (park.status !== 201) throw new Error(`setup: POST /parks answered ${park.status} ${JSON.stringify(park.body)}`);
    parkId = park.body.id;
    const enterprise = await call<{ id: string }>(system.base, 'POST', '/api/v1/enterprises', {
      token: admin,
      body: { name: 'Edge Co', uscc: '914403001922038216' },
    });
    if (enterprise.status !== 201) {
      throw new Error(`setup: POST /enterprises answered ${enterprise.status} ${JSON.stringify(enterprise.body)}`);
    }
    enterpriseId = enterprise.body.id;
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('refuses a NUL in a body string, naming the field', async () => {
    const reply = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { kind: 'park', nameZh: '园', nameEn: 'Nul\u0000Park' },
    });
    expectRefused(reply, 'nameEn', 'no-control-characters');
  });

  it('refuses a NUL in a body string even with an Idempotency-Key, and a retry gets the same 422', async () => {
    const send = () =>
      call<Problem>(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        headers: { 'idempotency-key': 'edge-nul-1' },
        body: { kind: 'park', nameZh: '园\u0007', nameEn: 'Bell Park' },
      });
    expectRefused(await send(), 'nameZh', 'no-control-characters');
    expectRefused(await send(), 'nameZh', 'no-control-characters');
  });

  it('refuses a NUL in a body key, naming it escaped', async () => {
    const reply = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      rawBody: '{"kind":"park","nameZh":"园","nameEn":"Key Park","na\\u0000me":"x"}',
    });
    expectRefused(reply, 'na\\u0000me', 'no-control-characters');
  });

  it('refuses control characters nested in money and arrays', async () => {
    const reply = await registerProject({ amount: '1.00', currency: 'CNY\u001f' });
    expectRefused(reply, 'plannedInvestment.currency', 'no-control-characters');
  });

  it('refuses a NUL in a query value, naming the parameter', async () => {
    expectRefused(
      await call<Problem>(system.base, 'GET', '/api/v1/parks?q=%00', { token: admin }),
      'q',
      'no-control-characters',
    );
    expectRefused(
      await call<Problem>(system.base, 'GET', '/api/v1/enterprises?q=a%7Fb', { token: admin }),
      'q',
      'no-control-characters',
    );
  });

  it('refuses a NUL in a path parameter, naming it', async () => {
    expectRefused(
      await call<Problem>(system.base, 'GET', '/api/v1/parks/%00', { token: admin }),
      'id',
      'no-control-characters',
    );
    expectRefused(
      await call<Problem>(system.base, 'POST', '/api/v1/settlements/%00/leave', {
        token: admin,
        body: { leftOn: '2024-01-01' },
      }),
      'id',
      'no-control-characters',
    );
  });

  it('refuses an amount with more decimals than its currency has (JPY has none)', async () => {
    const reply = await registerProject({ amount: '1.50', currency: 'JPY' });
    expectRefused(reply, 'plannedInvestment.amount', 'currency-decimals');
    const capital = await call<Problem>(system.base, 'PATCH', `/api/v1/enterprises/${enterpriseId}`, {
      token: admin,
      body: { registeredCapital: { amount: '100.5', currency: 'JPY' } },
    });
    expectRefused(capital, 'registeredCapital.amount', 'currency-decimals');
  });

  it('refuses a missing money object instead of failing behind the edge', async () => {
    const reply = await call<Problem>(system.base, 'POST', `/api/v1/projects/${parkId}/plan-amendments`, {
      token: admin,
      body: { effectiveOn: '2024-02-01' },
    });
    expectRefused(reply, 'delta', 'isDefined');
  });

  it('still takes a whole JPY amount', async () => {
    const reply = await call(system.base, 'PATCH', `/api/v1/enterprises/${enterpriseId}`, {
      token: admin,
      body: { registeredCapital: { amount: '150', currency: 'JPY' } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.registeredCapital).toEqual({ amount: '150', currency: 'JPY' });
  });

  it('refuses a date that is not on the calendar', async () => {
    const reply = await call<Problem>(system.base, 'POST', '/api/v1/settlements', {
      token: admin,
      body: { enterpriseId, parkId, settledOn: '2023-02-29' },
    });
    expectRefused(reply, 'settledOn', 'isCalendarDate');
  });

  it('answers a body that is not JSON with 415, and a method a path lacks with 405 and Allow', async () => {
    const text = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      rawBody: 'kind=park',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const trace = await call<Problem>(system.base, 'PUT', `/api/v1/parks/${parkId}`, { token: admin });
    expect(trace.status).toBe(405);
    expect(trace.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD');
  });

  it('refuses a write without its body with 400, and changes nothing', async () => {
    const before = await call<{ version: number }>(system.base, 'GET', `/api/v1/parks/${parkId}`, { token: admin });
    for (const [method, path] of [
      ['PATCH', `/api/v1/parks/${parkId}`],
      ['POST', '/api/v1/parks'],
      ['POST', `/api/v1/parks/${parkId}/retire`],
    ] as const) {
      const reply = await call<Problem>(system.base, method, path, {
        token: admin,
        headers: { 'idempotency-key': `edge-no-body-${method}-${path}` },
      });
      expect([method, path, reply.status, reply.body.code]).toEqual([method, path, 400, 'body-required']);
    }
    const after = await call<{ version: number }>(system.base, 'GET', `/api/v1/parks/${parkId}`, { token: admin });
    expect(after.body.version).toBe(before.body.version);
  });

  it('refuses __proto__ and constructor in a body as unknown fields, at any depth', async () => {
    const top = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      rawBody: '{"kind":"park","nameZh":"园","nameEn":"Proto Park","__proto__":{"admin":true}}',
    });
    expectRefused(top, '__proto__', 'unknown-field');
    const nested = await call<Problem>(system.base, 'PATCH', `/api/v1/enterprises/${enterpriseId}`, {
      token: admin,
      rawBody: '{"registeredCapital":{"amount":"1.00","currency":"CNY","constructor":{}}}',
    });
    expectRefused(nested, 'registeredCapital.constructor', 'unknown-field');
  });
});
