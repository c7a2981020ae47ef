import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemo } from '../scripts/demo/load';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

const root = join(__dirname, '..');

describe('gateway, running against the real services, Postgres and Kafka', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('gateway');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('answers liveness and readiness without a token; the gateway keeps no state, so it has nothing to check', async () => {
    expect((await call(system.base, 'GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await call(system.base, 'GET', '/health/ready')).body).toEqual({ status: 'ready', checks: {} });
  });

  it('exposes Prometheus metrics labelled with the service', async () => {
    const response = await fetch(`${system.base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^process_resident_memory_bytes\{service="gateway"\} \d+/m);
  });

  it('serves the committed OpenAPI spec and Swagger UI', async () => {
    const committed: unknown = JSON.parse(readFileSync(join(root, 'services/gateway/openapi.json'), 'utf8'));
    expect((await call(system.base, 'GET', '/openapi.json')).body).toEqual(committed);
    const docs = await fetch(`${system.base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('serves the committed AsyncAPI document of the events, without a token as the OpenAPI spec', async () => {
    const committed: unknown = JSON.parse(readFileSync(join(root, 'libs/contracts/asyncapi.json'), 'utf8'));
    const reply = await call(system.base, 'GET', '/asyncapi.json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toEqual(committed);
    expect(reply.body.asyncapi).toBe('3.0.0');
  });

  it('answers an unknown route with problem+json carrying the caller’s correlation id', async () => {
    const reply = await call(system.base, 'GET', '/api/v1/nothing-here', {
      headers: { 'x-correlation-id': 'e2e-corr-1' },
    });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.headers.get('x-correlation-id')).toBe('e2e-corr-1');
    expect(reply.headers.get('x-powered-by')).toBeNull();
    expect(reply.body).toEqual({
      type: 'urn:parkledger:problem:not-found',
      title: 'not-found',
      status: 404,
      detail: 'Cannot GET /api/v1/nothing-here',
      code: 'not-found',
      correlationId: 'e2e-corr-1',
    });
  });

  it('logs each request as one JSON line inside its correlation id', async () => {
    await call(system.base, 'GET', '/health', { headers: { 'x-correlation-id': 'e2e-corr-2' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = system
      .output('gateway')
      .split('\n')
      .filter((line) => line.includes('"correlationId":"e2e-corr-2"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      service: 'gateway',
      msg: 'request',
      method: 'GET',
      path: '/health',
      status: 200,
    });
  });

  it('loads the demo world through the API, and a second load creates nothing', async () => {
    // ~1,100 writes a load: the second load runs into the gateway's 1,200 a minute per caller, and the
    // loader waits out the 429's Retry-After (a minute), hence the long timeout
    const first = await loadDemo(system.base);
    const second = await loadDemo(system.base);
    expect(second).toEqual(first);
    const auditor = devToken('auditor');
    /** Every item of a list, page by page (at most 200 a page), each id once. */
    const count = async (path: string) => {
      const ids = new Set<string>();
      let cursor: string | null = '';
      for (let pages = 0; cursor !== null; pages += 1) {
        if (pages > 50) throw new Error(`${path} never ends`);
        const query = `limit=200${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await call<{ items: { id: string }[]; nextCursor: string | null }>(
            system.base,
            'GET',
            `/api/v1${path}${path.includes('?') ? '&' : '?'}${query}`,
            { token: auditor },
          )
        ).body;
        for (const item of page.items) ids.add(item.id);
        cursor = page.nextCursor;
      }
      return ids.size;
    };
    // 25 parks (Guangzhou Huangpu District and its Overseas Returnee Town with the 23 before); 12
    // enterprises and Guangzhou Huangpu's 274, each settled once; one in four of those founded by returnees
    expect([await count('/parks'), await count('/enterprises'), await count('/settlements')]).toEqual([25, 286, 286]);
    expect(await count('/enterprises?returneeFounded=true')).toBe(69);
    const heze = devToken('park-manager', [first['heze-port'] ?? '']);
    const hezeParks = await call<{ items: { nameEn: string }[] }>(system.base, 'GET', '/api/v1/parks?limit=200', {
      token: heze,
    });
    expect(hezeParks.body.items).toHaveLength(5);
    const lifeCity = await call<{ items: { plannedAreaKm2: string | null }[] }>(
      system.base,
      'GET',
      `/api/v1/parks/${first['jinan-life-science-city'] ?? ''}/subtree`,
      { token: auditor },
    );
    expect(lifeCity.body.items.map((p) => p.plannedAreaKm2)).toEqual(['53.8', '21.6', '32.2']);
  }, 420_000);

  it('sends no CORS headers unless origins are configured', async () => {
    const reply = await fetch(`${system.base}/health`, { headers: { origin: 'https://elsewhere.example' } });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('gateway rate limit', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('rate_limit', { RATE_LIMIT_PER_MINUTE: '5' });
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('answers 429 as problem+json once a client has used its requests for the minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await call(system.base, 'GET', '/api/v1/parks')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await call(system.base, 'GET', '/api/v1/parks');
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate-limited' });
  });
});
