import { randomUUID } from 'node:crypto';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

const LIMIT = 4;

/** The rate limit's key and the idempotency records, through the running gateway (issue 9, sections 2 and 3). */
describe('gateway rate-limit key and idempotency records', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('gateway_auth', { RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUSTED_PROXIES: '1' });
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  /** What the rate limit let through ('passed', whatever the answer) and what it refused (429). */
  const statuses = async (times: number, options: Parameters<typeof call>[3]) => {
    const seen: (number | 'passed')[] = [];
    for (let i = 0; i < times; i += 1) {
      const { status } = await call(system.base, 'GET', '/api/v1/parks', options);
      seen.push(status === 429 || status === 401 ? status : 'passed');
    }
    return seen;
  };

  it('counts an authenticated caller by its subject, whatever its scope, apart from others at the same address', async () => {
    const park = randomUUID();
    const passed = 'passed';
    expect(await statuses(2, { token: devToken('park-manager', [park], 'rl-subject-a') })).toEqual([passed, passed]);
    const sameSubjectOtherScope = devToken('park-manager', [park, randomUUID()], 'rl-subject-a');
    expect(await statuses(3, { token: sameSubjectOtherScope })).toEqual([passed, passed, 429]);
    expect(await statuses(1, { token: devToken('auditor', [], 'rl-subject-b') })).toEqual([passed]);
  });

  it('counts a caller without a valid token by the address the trusted proxy saw, not what the client wrote', async () => {
    const from = (chain: string) => ({ headers: { 'x-forwarded-for': chain } });
    expect(await statuses(LIMIT, from('198.51.100.1, 203.0.113.5'))).toEqual(Array(LIMIT).fill(401));
    expect(await statuses(1, from('198.51.100.99, 203.0.113.5'))).toEqual([429]);
    expect(await statuses(1, { ...from('203.0.113.5'), token: 'not.a.token' })).toEqual([429]);
    expect(await statuses(1, from('198.51.100.1, 203.0.113.6'))).toEqual([401]);
  });

  it('does not share an Idempotency-Key answer between two tokens of one subject with different scopes', async () => {
    const parent = await call<{ id: string }>(system.base, 'POST', '/api/v1/parks', {
      token: devToken('admin', [], 'idem-setup'),
      body: { kind: 'high-tech-zone', nameZh: '范围区', nameEn: 'Scope zone' },
    });
    const body = { parentId: parent.body.id, kind: 'park', nameZh: '测试园', nameEn: 'Scope test park' };
    const post = (token: string) =>
      call<{ id: string }>(system.base, 'POST', '/api/v1/parks', {
        token,
        body,
        headers: { 'idempotency-key': 'e2e-scope-1' },
      });
    const narrow = devToken('admin', [], 'idem-admin');
    const wide = devToken('admin', [randomUUID()], 'idem-admin');
    const first = await post(narrow);
    expect([first.status, first.headers.get('idempotent-replayed')]).toEqual([201, null]);
    const replay = await post(narrow);
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([
      201,
      'true',
      first.body.id,
    ]);
    const other = await post(wide);
    expect([other.status, other.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('refuses a retry of a refused request the same way, never 409 and never as a replay', async () => {
    const rawBody = `{"parentId":"${randomUUID()}","kind":"park","nameZh":"\\u0000","nameEn":"a","a\\u0000b":1}`;
    const post = () =>
      call<{ code: string }>(system.base, 'POST', '/api/v1/parks', {
        token: devToken('admin', [], 'idem-nul'),
        rawBody,
        headers: { 'idempotency-key': 'e2e-nul-1' },
      });
    const first = await post();
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const retry = await post();
    expect([retry.status, retry.body.code, retry.headers.get('idempotent-replayed')]).toEqual([
      first.status,
      first.body.code,
      null,
    ]);
  });
});
