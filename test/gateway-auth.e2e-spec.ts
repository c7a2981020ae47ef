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
    // refused by the gateway's own validation, so the answer is the gateway's alone
    const body = { parentId: randomUUID(), kind: 'park', nameZh: '测试园', nameEn: 'Scope test park', extra: 1 };
    const post = (token: string) =>
      call(system.base, 'POST', '/api/v1/parks', { token, body, headers: { 'idempotency-key': 'e2e-scope-1' } });
    const narrow = devToken('admin', [], 'idem-admin');
    const wide = devToken('admin', [randomUUID()], 'idem-admin');
    const first = await post(narrow);
    expect(first.status).toBe(422);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const replay = await post(narrow);
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([first.status, 'true']);
    expect((await post(wide)).headers.get('idempotent-replayed')).toBeNull();
  });

  it('never strands a key on a request holding a NUL: the retry gets the first answer, not 409', async () => {
    const rawBody = `{"parentId":"${randomUUID()}","kind":"park","nameZh":"\\u0000","nameEn":"a","a\\u0000b":1}`;
    const post = () =>
      call(system.base, 'POST', '/api/v1/parks', {
        token: devToken('admin', [], 'idem-nul'),
        rawBody,
        headers: { 'idempotency-key': 'e2e-nul-1' },
      });
    const first = await post();
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const retry = await post();
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([first.status, 'true']);
  });
});
