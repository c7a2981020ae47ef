import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testInfra } from '@parkledger/testing';
import { devPassword, SERVICES } from '../scripts/infra/services';

const root = join(__dirname, '..');
const main = join(root, 'services/gateway/dist/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('gateway, running against the real Postgres and Kafka', () => {
  let gateway: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test does: npm run build)`);
    const infra = await testInfra();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const role = SERVICES.find((service) => service.name === 'gateway')?.dbRole ?? 'gateway';
    gateway = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HTTP_PORT: String(port),
        PG_HOST: infra.postgres.host,
        PG_PORT: String(infra.postgres.port),
        PG_USER: role,
        PG_PASSWORD: devPassword(role),
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        KAFKA_CLIENT_ID: 'gateway-e2e',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gateway.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || gateway.exitCode !== null)
        throw new Error(`gateway did not become ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 60_000);

  afterAll(() => {
    gateway?.kill('SIGTERM');
  });

  it('answers liveness and readiness, naming what it checked', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', kafka: 'ok' },
    });
  });

  it('exposes Prometheus metrics labelled with the service', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^process_resident_memory_bytes\{service="gateway"\} \d+/m);
  });

  it('serves the committed OpenAPI spec and Swagger UI', async () => {
    const committed: unknown = JSON.parse(readFileSync(join(root, 'services/gateway/openapi.json'), 'utf8'));
    expect(await (await fetch(`${base}/openapi.json`)).json()).toEqual(committed);
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('answers an unknown route with problem+json carrying the caller’s correlation id', async () => {
    const response = await fetch(`${base}/api/v1/nothing-here`, { headers: { 'x-correlation-id': 'e2e-corr-1' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('x-correlation-id')).toBe('e2e-corr-1');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.json()).toEqual({
      type: 'urn:parkledger:problem:not-found',
      title: 'not-found',
      status: 404,
      detail: 'Cannot GET /api/v1/nothing-here',
      code: 'not-found',
      correlationId: 'e2e-corr-1',
    });
  });

  it('logs each request as one JSON line inside its correlation id', async () => {
    await fetch(`${base}/health`, { headers: { 'x-correlation-id': 'e2e-corr-2' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = output.split('\n').filter((line) => line.includes('"correlationId":"e2e-corr-2"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      service: 'gateway',
      msg: 'request',
      method: 'GET',
      path: '/health',
      status: 200,
    });
  });
});
