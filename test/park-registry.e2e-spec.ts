import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import jwt from 'jsonwebtoken';
import { devToken } from '../scripts/token';
import { DEV_JWT_SECRET } from '../services/gateway/src/auth/dev-secret';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Park {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  plannedAreaKm2: string | null;
  version: number;
}
interface Problem {
  type: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; rule: string; message: string }[];
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
const MISSING = '01a20000-0000-7000-8000-000000000000';

describe('park registry through the gateway', () => {
  let system: RunningSystem;
  let heze: Park;
  let jinan: Park;
  let hezeManager: string;

  beforeAll(async () => {
    system = await startSystem('registry');
    heze = (
      await call<Park>(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        body: { kind: 'park', nameZh: '菏泽现代医药港', nameEn: 'Heze Modern Medical Port' },
      })
    ).body;
    jinan = (
      await call<Park>(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        body: { kind: 'high-tech-zone', nameZh: '济南高新区', nameEn: 'Jinan High-tech Zone' },
      })
    ).body;
    hezeManager = devToken('park-manager', [heze.id], 'e2e-heze-manager');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('registers a park and an enterprise, settles it, reads them back, and publishes the events', async () => {
    const valley = await call<Park>(system.base, 'POST', '/api/v1/parks', {
      token: hezeManager,
      body: {
        parentId: heze.id,
        kind: 'park',
        nameZh: '菏泽生物医药专业园',
        nameEn: 'Heze Biological Medicine Park',
        plannedAreaKm2: '3.25',
        focusIndustries: ['biological-medicine'],
      },
    });
    expect(valley.status).toBe(201);
    expect(valley.body).toMatchObject({
      parentId: heze.id,
      nameZh: '菏泽生物医药专业园',
      plannedAreaKm2: '3.25',
      version: 1,
    });

    const enterprise = await call<{ id: string; registeredCapital: unknown; returneeFounded: boolean }>(
      system.base,
      'POST',
      '/api/v1/enterprises',
      {
        token: hezeManager,
        body: {
          name: '华睦医疗 (Huamu Medical)',
          uscc: '9144030071526726XG',
          foundedOn: '2011-05-01',
          registeredCapital: { amount: '50000000.00', currency: 'CNY' },
          industryFields: ['medical-devices'],
          returneeFounded: true,
        },
      },
    );
    expect(enterprise.status).toBe(201);
    expect(enterprise.body.registeredCapital).toEqual({ amount: '50000000.00', currency: 'CNY' });
    expect(enterprise.body.returneeFounded).toBe(true);

    const settlement = await call<{ id: string; leftOn: string | null }>(system.base, 'POST', '/api/v1/settlements', {
      token: hezeManager,
      body: { enterpriseId: enterprise.body.id, parkId: valley.body.id, settledOn: '2021-06-01' },
    });
    expect(settlement.status).toBe(201);
    expect(settlement.body.leftOn).toBeNull();

    expect(
      (await call<Park>(system.base, 'GET', `/api/v1/parks/${valley.body.id}`, { token: hezeManager })).body,
    ).toEqual(valley.body);
    expect(
      (await call(system.base, 'GET', `/api/v1/enterprises/${enterprise.body.id}`, { token: auditor })).body,
    ).toEqual(enterprise.body);
    const settled = await call<{ items: { id: string }[] }>(
      system.base,
      'GET',
      `/api/v1/settlements?parkId=${valley.body.id}`,
      { token: auditor },
    );
    expect(settled.body.items.map((s) => s.id)).toEqual([settlement.body.id]);
    const subtree = await call<{ items: Park[] }>(system.base, 'GET', `/api/v1/parks/${heze.id}/subtree`, {
      token: hezeManager,
    });
    expect(subtree.body.items.map((p) => p.id)).toEqual([heze.id, valley.body.id]);

    const expectations: [string, string, string][] = [
      ['parkledger.parks.v1', valley.body.id, 'parkledger.park.registered.v1'],
      ['parkledger.enterprises.v1', enterprise.body.id, 'parkledger.enterprise.registered.v1'],
      ['parkledger.settlements.v1', settlement.body.id, 'parkledger.settlement.settled.v1'],
    ];
    for (const [topic, id, type] of expectations) {
      let record: Awaited<ReturnType<typeof readTopic>>[number] | undefined;
      await eventually(
        `${type} on ${topic}`,
        async () => {
          record = (await readTopic(system.kafka, `${system.topicPrefix}${topic}`)).find((r) => r.key === id);
          return record !== undefined;
        },
        30_000,
      );
      const envelope = parseEnvelope(record?.headers);
      expect(envelope).toMatchObject({ type, subject: id, source: '/parkledger/park-registry', aggregateVersion: '1' });
      expect(record?.headers['content-type']).toBe('application/protobuf');
      expect(record?.headers.ce_specversion).toBe('1.0');
      expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      const event = decodeEvent(envelope.type, record?.value ?? Buffer.alloc(0));
      switch (event.type) {
        case 'parkledger.park.registered.v1':
          expect(event.payload.park).toMatchObject({
            id,
            nameZh: '菏泽生物医药专业园',
            plannedAreaKm2: '3.25',
            parentId: heze.id,
          });
          break;
        case 'parkledger.enterprise.registered.v1':
          expect(event.payload.enterprise?.registeredCapital).toMatchObject({
            minorUnits: 5_000_000_000n,
            currency: 'CNY',
          });
          expect(event.payload.enterprise?.returneeFounded).toBe(true);
          break;
        case 'parkledger.settlement.settled.v1':
          expect(event.payload.settlement).toMatchObject({
            enterpriseId: enterprise.body.id,
            parkId: valley.body.id,
            settledOn: '2021-06-01',
          });
          break;
        case 'parkledger.fund.registered.v1':
        case 'parkledger.fund.partner-committed.v1':
        case 'parkledger.fund.capital-called.v1':
        case 'parkledger.fund.contribution-received.v1':
        case 'parkledger.fund.investment-made.v1':
        case 'parkledger.fund.investment-valued.v1':
        case 'parkledger.fund.exit-realised.v1':
        case 'parkledger.fund.investment-written-off.v1':
        case 'parkledger.fund.distribution-made.v1':
        case 'parkledger.fund.fee-charged.v1':
        case 'parkledger.fund.entry-reversed.v1':
        case 'parkledger.fund.period-closed.v1':
        case 'parkledger.fund.entries-imported.v1':
        case 'parkledger.fund.reinvestment-required.v1':
        case 'parkledger.policy.published.v1':
        case 'parkledger.award.applied.v1':
        case 'parkledger.award.granted.v1':
        case 'parkledger.award.rejected.v1':
        case 'parkledger.award.paid.v1':
        case 'parkledger.award.revoked.v1':
        case 'parkledger.award.recaptured.v1':
        case 'parkledger.probe.emitted.v1':
        case 'parkledger.checkpoint.signed.v1':
        case 'parkledger.park.updated.v1':
        case 'parkledger.park.moved.v1':
        case 'parkledger.park.removed.v1':
        case 'parkledger.park.retired.v1':
        case 'parkledger.enterprise.updated.v1':
        case 'parkledger.enterprise.milestone-recorded.v1':
        case 'parkledger.settlement.left.v1':
        case 'parkledger.project.registered.v1':
        case 'parkledger.project.negotiation-started.v1':
        case 'parkledger.project.signed.v1':
        case 'parkledger.project.construction-started.v1':
        case 'parkledger.project.commissioned.v1':
        case 'parkledger.project.terminated.v1':
        case 'parkledger.project.investment-reported.v1':
        case 'parkledger.project.plan-amended.v1':
          throw new Error(`unexpected ${event.type}`);
      }
    }
  }, 90_000);

  it('refuses a missing, bad or expired token with 401', async () => {
    const expired = jwt.sign({ role: 'admin', parks: [], exp: Math.floor(Date.now() / 1000) - 60 }, DEV_JWT_SECRET, {
      subject: 'x',
      issuer: 'parkledger',
      audience: 'parkledger-api',
    });
    const forged = jwt.sign({ role: 'admin', parks: [] }, 'not-the-secret', {
      subject: 'x',
      issuer: 'parkledger',
      audience: 'parkledger-api',
      expiresIn: 600,
    });
    const cases: [string | undefined, string][] = [
      [undefined, 'a bearer token is required'],
      ['not.a.token', 'the bearer token is not valid'],
      [forged, 'the bearer token is not valid'],
      [expired, 'the bearer token has expired'],
    ];
    for (const [token, detail] of cases) {
      const reply = await call<Problem>(system.base, 'GET', '/api/v1/parks', token === undefined ? {} : { token });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ code: 'unauthenticated', detail });
    }
  });

  it('lets an auditor read everything and write nothing (403)', async () => {
    expect((await call(system.base, 'GET', `/api/v1/parks/${jinan.id}`, { token: auditor })).status).toBe(200);
    const reply = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: auditor,
      body: { parentId: jinan.id, kind: 'park', nameZh: '审', nameEn: 'Audit' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'forbidden', detail: 'an auditor may not POST /api/v1/parks' });
  });

  it('answers a Heze park manager about a Jinan park exactly as about a missing one', async () => {
    const foreign = await call<Problem>(system.base, 'GET', `/api/v1/parks/${jinan.id}`, { token: hezeManager });
    const missing = await call<Problem>(system.base, 'GET', `/api/v1/parks/${MISSING}`, { token: hezeManager });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const strip = (p: Problem) => ({
      ...p,
      detail: p.detail.replace(/[0-9a-f-]{36}/, '<id>'),
      correlationId: undefined,
    });
    expect(strip(foreign.body)).toEqual(strip(missing.body));
    const change = await call<Problem>(system.base, 'PATCH', `/api/v1/parks/${jinan.id}`, {
      token: hezeManager,
      body: { nameEn: 'Mine now' },
    });
    expect(change.status).toBe(404);
    const list = await call<{ items: Park[] }>(system.base, 'GET', '/api/v1/parks?limit=200', { token: hezeManager });
    expect(list.body.items.map((p) => p.id)).not.toContain(jinan.id);
    expect((await call<Park>(system.base, 'GET', `/api/v1/parks/${jinan.id}`, { token: admin })).body.nameEn).toBe(
      'Jinan High-tech Zone',
    );
  });

  it('refuses a second enterprise with the same USCC with 409', async () => {
    const body = { name: 'Tencent', uscc: '91440300708461136T' };
    expect((await call(system.base, 'POST', '/api/v1/enterprises', { token: admin, body })).status).toBe(201);
    const again = await call<Problem>(system.base, 'POST', '/api/v1/enterprises', {
      token: admin,
      body: { ...body, name: 'Tencent again' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'enterprise-uscc-taken', errors: [{ field: 'uscc', rule: 'unique' }] });
  });

  it('keeps returneeFounded unless a PATCH sends it, publishes the change, and filters the list by it', async () => {
    interface Enterprise {
      id: string;
      name: string;
      returneeFounded: boolean;
      version: number;
    }
    const register = async (name: string, uscc: string, extra: object = {}) =>
      (
        await call<Enterprise>(system.base, 'POST', '/api/v1/enterprises', {
          token: admin,
          body: { name, uscc, ...extra },
        })
      ).body;
    const patch = async (id: string, body: object) =>
      (await call<Enterprise>(system.base, 'PATCH', `/api/v1/enterprises/${id}`, { token: admin, body })).body;
    const returnee = await register('Huangpu returnee biotech (e2e)', '9144011232AANYUY0R');
    const other = await register('Huangpu local biotech (e2e)', '91440112G8LH1HM1J1', { returneeFounded: false });
    expect([returnee.returneeFounded, other.returneeFounded]).toEqual([false, false]);

    expect(await patch(returnee.id, { name: 'Huangpu returnee biotech (e2e, renamed)' })).toMatchObject({
      returneeFounded: false,
      version: 2,
    });
    expect(await patch(returnee.id, { returneeFounded: true })).toMatchObject({ returneeFounded: true, version: 3 });
    expect(await patch(returnee.id, { returneeFounded: true })).toMatchObject({ returneeFounded: true, version: 3 });
    expect(await patch(returnee.id, { name: 'Huangpu returnee biotech (e2e)' })).toMatchObject({
      returneeFounded: true,
      version: 4,
    });
    const refused = await call<Problem>(system.base, 'PATCH', `/api/v1/enterprises/${returnee.id}`, {
      token: admin,
      body: { returneeFounded: 'yes' },
    });
    expect([refused.status, refused.body.errors?.[0]?.field]).toEqual([422, 'returneeFounded']);

    const names = async (query: string) =>
      (
        await call<{ items: Enterprise[] }>(system.base, 'GET', `/api/v1/enterprises?q=Huangpu&${query}`, {
          token: auditor,
        })
      ).body.items.map((e) => e.id);
    expect(await names('returneeFounded=true')).toEqual([returnee.id]);
    expect(await names('returneeFounded=false')).toEqual([other.id]);
    expect((await names('limit=200')).sort()).toEqual([returnee.id, other.id].sort());

    let updates: { version: string; changed: string[]; returneeFounded: boolean | undefined }[] = [];
    await eventually(
      'the three EnterpriseUpdated events',
      async () => {
        updates = [];
        for (const record of await readTopic(system.kafka, `${system.topicPrefix}parkledger.enterprises.v1`)) {
          if (record.key !== returnee.id) continue;
          const envelope = parseEnvelope(record.headers);
          const event = decodeEvent(envelope.type, record.value);
          if (event.type !== 'parkledger.enterprise.updated.v1') continue;
          updates.push({
            version: envelope.aggregateVersion,
            changed: event.payload.changedFields,
            returneeFounded: event.payload.enterprise?.returneeFounded,
          });
        }
        return updates.length >= 3;
      },
      30_000,
    );
    expect(updates).toEqual([
      { version: '2', changed: ['name'], returneeFounded: false },
      { version: '3', changed: ['returnee_founded'], returneeFounded: true },
      { version: '4', changed: ['name'], returneeFounded: true },
    ]);
  }, 60_000);

  it('creates one park for an idempotent replay, and refuses the key with another body', async () => {
    const body = { parentId: jinan.id, kind: 'park', nameZh: '济南药谷', nameEn: 'Jinan Medical Valley' };
    const headers = { 'idempotency-key': 'e2e-replay-1' };
    const first = await call<Park>(system.base, 'POST', '/api/v1/parks', { token: admin, body, headers });
    const second = await call<Park>(system.base, 'POST', '/api/v1/parks', { token: admin, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const children = await call<{ items: Park[] }>(
      system.base,
      'GET',
      `/api/v1/parks?parentId=${jinan.id}&q=${encodeURIComponent('济南药谷')}`,
      { token: admin },
    );
    expect(children.body.items).toHaveLength(1);
    const other = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { ...body, nameEn: 'Other' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('answers two concurrent requests with one key once: one runs, the other waits and gets its answer', async () => {
    const body = { parentId: jinan.id, kind: 'park', nameZh: '药谷北区', nameEn: 'Medical Valley North' };
    const send = () =>
      call<Park>(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        body,
        headers: { 'idempotency-key': 'e2e-concurrent' },
      });
    const answers = await Promise.all([send(), send(), send(), send()]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
    const children = await call<{ items: Park[] }>(
      system.base,
      'GET',
      `/api/v1/parks?parentId=${jinan.id}&q=${encodeURIComponent('药谷北区')}`,
      { token: admin },
    );
    expect(children.body.items).toHaveLength(1);
  });

  it('answers malformed JSON, unknown fields and oversized bodies with their 4xx as problem+json', async () => {
    const malformed = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      rawBody: '{"kind": "park",',
    });
    const unknown = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { parentId: jinan.id, kind: 'park', nameZh: '甲', nameEn: 'A', colour: 'green' },
    });
    const oversized = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { parentId: jinan.id, kind: 'park', nameZh: '甲', nameEn: 'x'.repeat(20_000) },
    });
    const badArea = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { parentId: jinan.id, kind: 'park', nameZh: '甲', nameEn: 'A', plannedAreaKm2: 53.8 },
    });
    for (const reply of [malformed, unknown, oversized, badArea]) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect([malformed.status, malformed.body.code]).toEqual([400, 'malformed-json']);
    expect([unknown.status, unknown.body.errors]).toEqual([
      422,
      [{ field: 'colour', rule: 'unknown-field', message: 'colour is not a field of this request' }],
    ]);
    expect([oversized.status, oversized.body.code]).toEqual([413, 'body-too-large']);
    expect(badArea.status).toBe(422);
    expect(badArea.body.errors?.map((e) => [e.field, e.rule])).toContainEqual(['plannedAreaKm2', 'matches']);
  });

  it('pages through a list with a cursor, each park once', async () => {
    for (let i = 0; i < 5; i += 1) {
      await call(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        body: { parentId: heze.id, kind: 'park', nameZh: `页${i}`, nameEn: `Page park ${i}` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const query: string = `/api/v1/parks?parentId=${heze.id}&q=Page&limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`;
      const page = await call<{ items: Park[]; nextCursor: string | null }>(system.base, 'GET', query, {
        token: hezeManager,
      });
      seen.push(...page.body.items.map((p) => p.nameEn));
      cursor = page.body.nextCursor;
      pages += 1;
    }
    expect(seen).toEqual(['Page park 0', 'Page park 1', 'Page park 2', 'Page park 3', 'Page park 4']);
    expect(pages).toBe(3);
    const tooMany = await call<Problem>(system.base, 'GET', '/api/v1/parks?limit=500', { token: admin });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors?.[0]?.field).toBe('limit');
  });

  it('round-trips Chinese names exactly', async () => {
    const names = {
      nameZh: '济南高新技术产业开发区·生命科学城（孙村片区）',
      nameEn: 'Jinan “Life” City — Sun Village',
    };
    const created = await call<Park>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { parentId: jinan.id, kind: 'zone-or-area', ...names },
    });
    const read = await call<Park>(system.base, 'GET', `/api/v1/parks/${created.body.id}`, { token: admin });
    expect({ nameZh: read.body.nameZh, nameEn: read.body.nameEn }).toEqual(names);
  });

  it('names the numbers when children would outgrow their parent', async () => {
    const city = await call<Park>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: {
        parentId: jinan.id,
        kind: 'park',
        nameZh: '济南生命科学城',
        nameEn: 'Jinan Life Science City',
        plannedAreaKm2: '53.8',
      },
    });
    for (const [en, area] of [
      ['industrial cluster area', '21.6'],
      ['medical service area', '32.2'],
    ] as const) {
      expect(
        (
          await call(system.base, 'POST', '/api/v1/parks', {
            token: admin,
            body: { parentId: city.body.id, kind: 'zone-or-area', nameZh: en, nameEn: en, plannedAreaKm2: area },
          })
        ).status,
      ).toBe(201);
    }
    const over = await call<Problem>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: {
        parentId: city.body.id,
        kind: 'zone-or-area',
        nameZh: '多',
        nameEn: 'one too many',
        plannedAreaKm2: '0.1',
      },
    });
    expect(over.status).toBe(422);
    expect(over.body.detail).toBe(
      "the planned areas of Jinan Life Science City's children add up to 53.9 km² (industrial cluster area 21.6 + medical service area 32.2 + one too many 0.1), more than its 53.8 km²",
    );
  });
});
