import { eventually } from '@parkledger/testing';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { openStream, type OpenedStream, type ReceivedEvent } from './support/sse';
import { startSystem, type RunningSystem } from './support/system';

interface EntryData {
  position: string;
  leafHash: string;
  eventType: string | null;
  aggregateType: string | null;
  aggregateId: string | null;
  aggregateVersion: string | null;
  occurredAt: string | null;
  topic: string;
  payload: Record<string, unknown> | null;
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string; rule: string }[];
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
/** the bound of what a client may leave unread in the gateway, small so a test can pass it */
const BUFFER_BYTES = 65_536;

const dataOf = (event: ReceivedEvent | undefined) => JSON.parse(event?.data ?? 'null') as EntryData;
const entries = (events: readonly ReceivedEvent[]) => events.filter((e) => e.event !== 'end');
const ids = (events: readonly ReceivedEvent[]) => entries(events).map((e) => e.id);
const ofAggregate = (events: readonly ReceivedEvent[], id: string) =>
  entries(events).filter((e) => dataOf(e).aggregateId === id);

describe('the audit log’s live tail through the gateway (Server-Sent Events)', () => {
  let system: RunningSystem;
  const open: OpenedStream[] = [];

  beforeAll(async () => {
    system = await startSystem('auditstream', {
      AUDIT_STREAM_BUFFER_BYTES: String(BUFFER_BYTES),
      AUDIT_STREAM_HEARTBEAT_SECONDS: '1',
    });
  }, 90_000);

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const stream = async (path: string, options: Parameters<typeof openStream>[2] = {}) => {
    const opened = await openStream(system.base, `/api/v1/audit/stream${path}`, { token: auditor, ...options });
    open.push(opened);
    return opened;
  };
  const post = async <T>(path: string, body: object) => {
    const reply = await call<T>(system.base, 'POST', `/api/v1${path}`, { token: admin, body });
    if (reply.status >= 300) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const patch = (path: string, body: object) => call(system.base, 'PATCH', `/api/v1${path}`, { token: admin, body });
  const registerPark = (name: string) =>
    post<{ id: string }>('/parks', { kind: 'park', nameZh: name, nameEn: name }).then((park) => park.id);
  const auditMetric = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${system.services.audit.httpPort}/metrics`)).text();
    return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 'NaN');
  };
  const gatewayMetric = async (pattern: string): Promise<number> => {
    const text = await (await fetch(`${system.base}/metrics`)).text();
    return Number(new RegExp(`^${pattern} (\\S+)$`, 'm').exec(text)?.[1] ?? '0');
  };

  it('gives each write as it is logged, in order, and after a reconnect with Last-Event-ID exactly what was missed', async () => {
    const first = await stream('');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const park = await registerPark('直播园');
    expect((await patch(`/parks/${park}`, { nameEn: 'Live Park 2' })).status).toBe(200);
    expect((await patch(`/parks/${park}`, { nameEn: 'Live Park 3' })).status).toBe(200);
    await first.until('the park’s three events', (events) => ofAggregate(events, park).length === 3);
    const seen = ofAggregate(first.events, park);
    expect(seen.map((e) => e.event)).toEqual([
      'parkledger.park.registered.v1',
      'parkledger.park.updated.v1',
      'parkledger.park.updated.v1',
    ]);
    expect(seen.map((e) => dataOf(e).aggregateVersion)).toEqual(['1', '2', '3']);
    const positions = ids(first.events).map(Number);
    expect(positions).toEqual([...positions].sort((a, b) => a - b)); // the log's order
    const registered = dataOf(seen[0]);
    expect(registered).toMatchObject({
      eventType: 'parkledger.park.registered.v1',
      aggregateType: 'park',
      aggregateId: park,
      aggregateVersion: '1',
      topic: `${system.topicPrefix}parkledger.parks.v1`,
      payload: { park: { id: park, nameEn: '直播园' } },
    });
    expect(seen[0]?.id).toBe(registered.position);
    // the position and leaf hash are the log's: the inclusion proof of that position names the same leaf
    await eventually('a checkpoint over it', async () => {
      const proof = await call<{ leafHash: string }>(
        system.base,
        'GET',
        `/api/v1/audit/proofs/inclusion?position=${registered.position}`,
        { token: auditor },
      );
      return proof.status === 200 && proof.body.leafHash === registered.leafHash;
    });
    await first.until('a heartbeat', () => first.comments.includes('heartbeat'), 5_000);

    // disconnected, it misses two writes; a reconnect with Last-Event-ID gets those two, then what comes
    const lastSeen = ids(first.events).at(-1) ?? '';
    first.close();
    expect((await patch(`/parks/${park}`, { nameEn: 'Live Park 4' })).status).toBe(200);
    expect((await post(`/parks/${park}/retire`, { effectiveDate: '2026-12-01' })) !== undefined).toBe(true);
    const again = await stream('', { lastEventId: lastSeen });
    await again.until('the two missed', (events) => ofAggregate(events, park).length === 2);
    const other = await registerPark('直播园二');
    await again.until('the next write', (events) => ofAggregate(events, other).length === 1);
    expect(ofAggregate(again.events, park).map((e) => dataOf(e).aggregateVersion)).toEqual(['4', '5']);
    expect(Number(ids(again.events)[0])).toBe(Number(lastSeen) + 1); // nothing lost, nothing twice
    // the same through the query, for a client that can't set headers
    const byQuery = await stream(`?lastEventId=${lastSeen}`);
    await byQuery.until('the same', (events) => ids(events).length === ids(again.events).length);
    expect(ids(byQuery.events)).toEqual(ids(again.events));

    // a client that goes away frees its stream in the audit service
    for (const opened of open.splice(0)) opened.close();
    await eventually(
      'no stream open in the audit service',
      async () => (await auditMetric('parkledger_audit_tail_streams')) === 0,
    );
  }, 120_000);

  it('has clients that start at the log’s end with the same filter share one stream of the audit service', async () => {
    const clients = [await stream(''), await stream(''), await stream('')];
    const parks = await stream('?aggregateType=park');
    await eventually('two streams in the audit service, for four clients', async () => {
      return (await auditMetric('parkledger_audit_tail_streams')) === 2;
    });
    const park = await registerPark('共享园');
    for (const client of [...clients, parks]) {
      await client.until('the park', (events) => ofAggregate(events, park).length === 1);
    }
    clients[0]?.close(); // one leaves; the others go on
    expect((await patch(`/parks/${park}`, { nameEn: 'Shared 2' })).status).toBe(200);
    for (const client of [clients[1], clients[2], parks]) {
      await client?.until('its update', (events) => ofAggregate(events, park).length === 2);
    }
    expect(ids(clients[1]?.events ?? [])).toEqual(ids(clients[2]?.events ?? []));
    for (const client of [...clients, parks]) client.close();
    await eventually('no stream open in the audit service', async () => {
      return (await auditMetric('parkledger_audit_tail_streams')) === 0;
    });
  }, 60_000);

  it('lets through only the types or the aggregate asked for', async () => {
    const park = await registerPark('筛选园');
    expect((await patch(`/parks/${park}`, { nameEn: 'Filtered 2' })).status).toBe(200);
    await registerPark('筛选园二');
    const updates = await stream('?from=0&type=parkledger.park.updated.v1&type=parkledger.park.retired.v1');
    const ofPark = await stream(`?from=0&aggregateType=park&aggregateId=${park}`);
    await post(`/parks/${park}/retire`, { effectiveDate: '2026-12-01' });
    await ofPark.until('the park’s three events', (events) => events.length === 3);
    await updates.until('its retirement', (events) =>
      entries(events).some((e) => dataOf(e).aggregateId === park && e.event === 'parkledger.park.retired.v1'),
    );
    expect(ofPark.events.map((e) => e.event)).toEqual([
      'parkledger.park.registered.v1',
      'parkledger.park.updated.v1',
      'parkledger.park.retired.v1',
    ]);
    expect(new Set(updates.events.map((e) => e.event))).toEqual(
      new Set(['parkledger.park.updated.v1', 'parkledger.park.retired.v1']),
    );
  }, 60_000);

  it('answers only admins and auditors, and names the field and rule of a stream it can’t open', async () => {
    const scope = ['01a20000-0000-7000-8000-000000000000'];
    for (const token of [devToken('park-manager', scope), devToken('fund-manager', [], 'e2e-fm', 600, scope)]) {
      const refused = await stream('', { token });
      await refused.ended;
      expect([refused.status, (JSON.parse(refused.body) as Problem).code]).toEqual([403, 'forbidden']);
    }
    const anonymous = await openStream(system.base, '/api/v1/audit/stream');
    await anonymous.ended;
    expect(anonymous.status).toBe(401);
    expect((await stream('', { token: admin })).status).toBe(200);

    const refusal = async (path: string, lastEventId?: string) => {
      const refused = await stream(path, lastEventId === undefined ? {} : { lastEventId });
      await refused.ended;
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const problem = JSON.parse(refused.body) as Problem;
      expect(problem.code).toBe('audit-stream-invalid');
      return problem.errors?.map((e) => [e.field, e.rule]);
    };
    expect(await refusal('', 'abc')).toEqual([['Last-Event-ID', 'position']]);
    expect(await refusal('', '99999999')).toEqual([['Last-Event-ID', 'within-log']]);
    expect(await refusal('?lastEventId=-1&since=1')).toEqual([
      ['since', 'unknown-field'],
      ['lastEventId', 'position'],
    ]);
    expect(await refusal('?type=parkledger.park.opened.v1&aggregateId=x')).toEqual([
      ['aggregateId', 'needs-aggregateType'],
      ['type[0]', 'event-type'],
    ]);
    expect(await refusal('?aggregateType=parks')).toEqual([['aggregateType', 'one-of']]);
    expect(await refusal('?aggregateType=fund&type=parkledger.park.registered.v1')).toEqual([
      ['type[0]', 'of-aggregateType'],
    ]);
  }, 60_000);

  it('holds at most AUDIT_STREAM_MAX_PER_CALLER (10) streams open for a caller: the one beyond is a 429 naming the rule', async () => {
    const many = devToken('auditor', [], 'e2e-many-tabs');
    const held = [];
    for (let n = 0; n < 10; n += 1) held.push(await stream('', { token: many }));
    expect(held.map((s) => s.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const beyond = await stream('', { token: many });
    await beyond.ended;
    expect(beyond.status).toBe(429);
    expect(beyond.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(beyond.body) as Problem;
    expect([problem.code, problem.errors?.map((e) => [e.field, e.rule])]).toEqual([
      'audit-stream-limit',
      [['Authorization', 'streams-per-caller']],
    ]);
    expect((await stream('')).status).toBe(200); // another caller is not held back
    held[0]?.close();
    await eventually('the place of the stream that left', async () => {
      const again = await stream('', { token: many });
      if (again.status !== 200) await again.ended;
      return again.status === 200;
    });
  }, 60_000);

  it('ends a stream when its token expires, saying so', async () => {
    const expiring = await stream('', { token: devToken('auditor', [], 'e2e-expiring', 3) });
    expect(expiring.status).toBe(200);
    await expiring.until('the end', (events) => events.some((e) => e.event === 'end'), 10_000);
    expect(JSON.parse(expiring.events.at(-1)?.data ?? '{}')).toMatchObject({ reason: 'token-expired' });
    await expiring.ended;
  }, 30_000);

  it('tells a client that stops reading that it was cut, with the last event id sent, and it resumes from there', async () => {
    // big events: imports of 1,000 journal entries each (~300 KB as JSON), to fill the kernel's socket buffers
    const fund = await post<{ id: string }>('/funds', {
      nameZh: '直播基金',
      nameEn: 'Live tail fund',
      kind: 'direct',
      currency: 'CNY',
      manager: 'E2E',
      vintageOn: '2023-01-01',
    });
    const partner = await post<{ partner: { id: string } }>(`/funds/${fund.id}/partners`, {
      name: 'Only partner',
      kind: 'private',
      role: 'LP',
      commitment: { amount: '100000.00', currency: 'CNY' },
      effectiveOn: '2023-01-02',
    });
    const called = await post<{ call: { id: string } }>(`/funds/${fund.id}/capital-calls`, {
      amount: { amount: '100000.00', currency: 'CNY' },
      effectiveOn: '2023-01-03',
      dueOn: '2023-01-31',
    });
    await post(`/funds/${fund.id}/contributions`, {
      callId: called.call.id,
      partnerId: partner.partner.id,
      amount: { amount: '100000.00', currency: 'CNY' },
      effectiveOn: '2023-01-20',
    });
    const importFees = (n: number) =>
      post(`/funds/${fund.id}/journal-imports`, {
        entries: Array.from({ length: 1000 }, (_, i) => ({
          effectiveOn: '2023-06-30',
          operation: 'fee',
          memo: `live tail fee ${n}-${i}`,
          postings: [
            { account: 'fees', amount: { amount: '0.01', currency: 'CNY' } },
            { account: 'cash', amount: { amount: '-0.01', currency: 'CNY' } },
          ],
        })),
      });

    const slow = await stream('?from=0');
    slow.pause();
    const cut = () => gatewayMetric('parkledger_audit_stream_ends_total\\{reason="overflow"[^}]*\\}');
    const before = await cut();
    for (let n = 0; n < 60 && (await cut()) === before; n += 1) await importFees(n);
    await eventually('the slow client cut', async () => (await cut()) > before, 30_000);

    // it reads again (within the gateway's grace): everything up to the cut, in order, then the end
    slow.resume();
    await slow.ended;
    const last = slow.events.at(-1);
    expect(last?.event).toBe('end');
    const end = JSON.parse(last?.data ?? '{}') as { reason: string; lastEventId: string; detail: string };
    const got = ids(slow.events);
    expect(end.reason).toBe('overflow');
    expect(end.lastEventId).toBe(got.at(-1));
    expect(end.detail).toContain(`Last-Event-ID: ${end.lastEventId}`);
    expect(got).toEqual(got.map((_, n) => String(n))); // from=0, nothing filtered: every position, none skipped

    const resumed = await stream('', { lastEventId: end.lastEventId });
    await resumed.until('the entries after the cut', (events) => events.length > 0);
    expect(ids(resumed.events)[0]).toBe(String(Number(end.lastEventId) + 1));
  }, 300_000);
});
