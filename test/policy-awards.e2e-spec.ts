import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Money {
  amount: string;
  currency: string;
}
interface Award {
  id: string;
  status: string;
  granted: Money;
  paid: Money;
  recaptured: Money;
  reason: string | null;
  version: number;
}
interface Evaluation {
  amount: Money;
  outcome: string;
  reason: string | null;
  trace: { step: string; what: string; amount: Money }[];
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string; rule: string }[];
}

const POLICY = 'jinan-2019-biomedical';
const admin = devToken('admin', [], 'e2e-admin');
const officer = devToken('policy-officer', [], 'e2e-officer', undefined, [], [POLICY]);
const otherOfficer = devToken('policy-officer', [], 'e2e-other-officer', undefined, [], ['heze-2022-medical']);
const cny = (amount: string): Money => ({ amount, currency: 'CNY' });
const jinanDocument = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'services/policy-awards/policies/jinan-2019-biomedical.json'), 'utf8'),
  ) as Record<string, unknown>;

describe('policy awards through the gateway and Kafka', () => {
  let system: RunningSystem;
  let valley: string;
  let qilu: string;
  let project: string;

  const post = <T>(path: string, body: unknown, token = officer, key?: string) =>
    call<T>(system.base, 'POST', `/api/v1${path}`, {
      token,
      body,
      ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
    });
  const ok = async <T>(reply: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
    const { status: got, body } = await reply;
    if (got !== status) throw new Error(`answered ${got}, not ${status}: ${JSON.stringify(body)}`);
    return body;
  };

  beforeAll(async () => {
    system = await startSystem('awards');
    valley = (
      await ok<{ id: string }>(
        post(
          '/parks',
          { kind: 'park', nameZh: '济南国际医学科学中心', nameEn: 'Jinan Medical Valley', focusIndustries: [] },
          admin,
        ),
        201,
      )
    ).id;
    qilu = (
      await ok<{ id: string }>(
        post(
          '/enterprises',
          {
            name: '齐鲁制药有限公司 (Qilu Pharmaceutical)',
            uscc: '91370100163052963U',
            foundedOn: '1958-01-01',
            registeredCapital: cny('1000000000.00'),
            industryFields: ['chemical-medicine'],
          },
          admin,
        ),
        201,
      )
    ).id;
    await ok(post('/settlements', { enterpriseId: qilu, parkId: valley, settledOn: '2010-01-01' }, admin), 201);
    const registered = async () =>
      post<{ id: string; code?: string }>(
        '/projects',
        {
          parkId: valley,
          enterpriseId: qilu,
          industryField: 'chemical-medicine',
          nameZh: '齐鲁制药产能扩建',
          nameEn: 'Qilu Pharmaceutical capacity expansion',
          plannedInvestment: cny('1200000000.00'),
          stage: 'LEAD',
          effectiveOn: '2021-01-05',
        },
        admin,
        'project',
      );
    // the pipeline learns the park and the enterprise from the registry's events
    let reply = await registered();
    await eventually(
      'the pipeline to know Qilu and its park',
      async () => {
        reply = reply.status === 201 ? reply : await registered();
        return reply.status === 201;
      },
      30_000,
    );
    project = reply.body.id;
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('publishes the Jinan policy, refuses a misplaced key by its path, and keeps the history', async () => {
    const document = { ...jinanDocument(), parks: [valley] };
    const refused = await post<Problem>('/policies', { ...document, budget: '1.00' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'budget', rule: 'unknown-key' }));
    expect((await post<Problem>('/policies', document, otherOfficer)).status).toBe(403);
    const published = await ok<{ policy: string; version: number }>(post('/policies', document, officer, 'p1'), 201);
    expect(published).toMatchObject({ policy: POLICY, version: 1 });
    const again = await ok<{ version: number }>(post('/policies', document, officer, 'p1'), 201);
    expect(again.version).toBe(1);
    const read = await ok<{ version: { version: number; parks: string[] }; history: unknown[] }>(
      call(system.base, 'GET', `/api/v1/policies/${POLICY}`, { token: devToken('auditor') }),
    );
    expect([read.version.version, read.version.parks, read.history.length]).toEqual([1, [valley], 1]);
  });

  it('grants an application and says so on Kafka with CloudEvents headers; pays and recaptures it', async () => {
    const { award, evaluation } = await ok<{ award: Award; evaluation: Evaluation }>(
      post('/applications', {
        policy: POLICY,
        item: '3',
        enterpriseId: qilu,
        awardOn: '2021-06-01',
        facts: { product: 'Rosuvastatin calcium tablets', firstThreeInChina: true },
        projectId: project,
      }),
      201,
    );
    expect([award.status, evaluation.amount, evaluation.outcome]).toEqual(['submitted', cny('4000000.00'), 'full']);
    const review = await call<{ award: Award }>(system.base, 'POST', `/api/v1/awards/${award.id}/review`, {
      token: officer,
      body: { decision: 'grant' },
      headers: { 'x-correlation-id': 'e2e-review-1' },
    });
    expect([review.status, review.body.award.status, review.body.award.granted]).toEqual([
      200,
      'granted',
      cny('4000000.00'),
    ]);

    let record: Awaited<ReturnType<typeof readTopic>>[number] | undefined;
    await eventually(
      'AwardGranted on Kafka',
      async () => {
        record = (await readTopic(system.kafka, `${system.topicPrefix}parkledger.awards.v1`)).find(
          (r) => r.key === award.id && parseEnvelope(r.headers).type === 'parkledger.award.granted.v1',
        );
        return record !== undefined;
      },
      30_000,
    );
    const envelope = parseEnvelope(record?.headers);
    expect(envelope).toMatchObject({ subject: award.id, source: '/parkledger/policy-awards', aggregateVersion: '2' });
    // the review's correlation id crossed gRPC into the event; with tracing off no trace context did
    expect(envelope.correlationId).toBe('e2e-review-1');
    expect(record?.headers).not.toHaveProperty('ce_traceparent');
    expect(record?.headers.ce_specversion).toBe('1.0');
    expect(record?.headers['content-type']).toBe('application/protobuf');
    const event = decodeEvent(envelope.type, record?.value ?? Buffer.alloc(0));
    if (event.type !== 'parkledger.award.granted.v1') throw new Error(`decoded ${event.type}`);
    expect(event.payload.amount).toMatchObject({ minorUnits: 400_000_000n, currency: 'CNY' });
    expect(event.payload.award?.enterpriseId).toBe(qilu);

    const paid = await ok<Award>(post(`/awards/${award.id}/payment`, { paidOn: '2021-07-01' }));
    expect([paid.status, paid.paid]).toEqual(['paid', cny('4000000.00')]);
    const over = await post<Problem>(`/awards/${award.id}/recaptures`, {
      amount: cny('4000000.01'),
      recapturedOn: '2022-01-10',
      reason: 'left the park within five years',
    });
    expect([over.status, over.body.errors?.[0]]).toEqual([422, expect.objectContaining({ rule: 'at-most-paid' })]);
    const recaptured = await ok<Award>(
      post(`/awards/${award.id}/recaptures`, {
        amount: cny('1500000.00'),
        recapturedOn: '2022-01-10',
        reason: 'left the park within five years',
      }),
    );
    expect(recaptured.recaptured).toEqual(cny('1500000.00'));

    // the award names Qilu's project: its money is the project's public support, paid less recaptured
    type Support = {
      policies: { policy: string; netPaid: Money }[];
      totals: { publicMoney: Money }[];
      fundsWithheld: boolean;
    };
    let support: Support | undefined;
    await eventually(
      'the award in the project’s public support',
      async () => {
        const read = await ok<Support>(
          call(system.base, 'GET', `/api/v1/projects/${project}/public-support`, { token: officer }),
        );
        support = read;
        return read.policies[0]?.netPaid.amount === '2500000.00';
      },
      30_000,
    );
    expect(support?.policies).toEqual([expect.objectContaining({ policy: POLICY, netPaid: cny('2500000.00') })]);
    expect(support?.totals[0]?.publicMoney).toEqual(cny('2500000.00'));
    expect(support?.fundsWithheld).toBe(true); // a policy officer reads no fund's money
  });

  it('turns a milestone recorded through the gateway into an AwardGranted on Kafka, posted in the policy-budget books and counted in its project’s public support', async () => {
    const recorded = await ok<{ id: string }>(
      post(`/enterprises/${qilu}/milestones`, {
        kind: 'new-drug-approval',
        achievedOn: '2022-05-20',
        facts: { product: 'QL1706 (iparomlimab and tuvonralimab)', drugClass: 1 },
        projectId: project,
      }),
      201,
    );
    let record: Awaited<ReturnType<typeof readTopic>>[number] | undefined;
    await eventually(
      'the milestone’s AwardGranted on Kafka',
      async () => {
        record = (await readTopic(system.kafka, `${system.topicPrefix}parkledger.awards.v1`)).find((r) => {
          if (parseEnvelope(r.headers).type !== 'parkledger.award.granted.v1') return false;
          const event = decodeEvent('parkledger.award.granted.v1', r.value ?? Buffer.alloc(0));
          return event.type === 'parkledger.award.granted.v1' && event.payload.award?.milestoneId === recorded.id;
        });
        return record !== undefined;
      },
      30_000,
    );
    const envelope = parseEnvelope(record?.headers);
    expect(envelope).toMatchObject({ source: '/parkledger/policy-awards', aggregateVersion: '2' });
    expect([record?.headers.ce_specversion, record?.headers['content-type']]).toEqual(['1.0', 'application/protobuf']);
    const event = decodeEvent('parkledger.award.granted.v1', record?.value ?? Buffer.alloc(0));
    if (event.type !== 'parkledger.award.granted.v1') throw new Error(`decoded ${event.type}`);
    expect([event.payload.award?.item, event.payload.award?.source, event.payload.amount?.minorUnits]).toEqual([
      '1a',
      'milestone',
      2_000_000_000n,
    ]);
    const award = await ok<Award & { milestoneId: string }>(
      call(system.base, 'GET', `/api/v1/awards/${envelope.subject}`, { token: officer }),
    );
    expect([award.status, award.granted, award.milestoneId]).toEqual(['granted', cny('20000000.00'), recorded.id]);

    // the fund ledger posts it: the grant commits the budget; the item 3 award above was paid and recaptured in part
    type Books = { books: { committed: Money; paidOut: Money; recaptured: Money; netPaid: Money }[] };
    let books: Books | undefined;
    await eventually(
      'the grant in the policy-budget books',
      async () => {
        const read = await ok<Books>(call(system.base, 'GET', `/api/v1/policies/${POLICY}/books`, { token: officer }));
        books = read;
        return read.books[0]?.committed.amount === '24000000.00';
      },
      30_000,
    );
    expect(books?.books).toEqual([
      {
        currency: 'CNY',
        committed: cny('24000000.00'),
        payable: cny('20000000.00'),
        paidOut: cny('4000000.00'),
        recaptured: cny('1500000.00'),
        netPaid: cny('2500000.00'),
      },
    ]);

    // the milestone names Qilu's project, so does its award: paid, it is the project's public support too
    await ok(post(`/awards/${award.id}/payment`, { paidOn: '2022-06-30' }));
    await eventually(
      'the milestone’s award in the project’s public support',
      async () => {
        const { policies } = await ok<{ policies: { netPaid: Money }[] }>(
          call(system.base, 'GET', `/api/v1/projects/${project}/public-support`, { token: officer }),
        );
        return policies[0]?.netPaid.amount === '22500000.00';
      },
      30_000,
    );
  });

  it('shows each role what it may see: another policy’s officer 404, a fund manager 403, bad input 422', async () => {
    const { items } = await ok<{ items: Award[] }>(
      call(system.base, 'GET', '/api/v1/awards', { token: devToken('auditor') }),
    );
    const id = items[0]?.id ?? '';
    expect(id).not.toBe('');
    const read = (token: string) => call<Problem>(system.base, 'GET', `/api/v1/awards/${id}`, { token });
    expect((await read(officer)).status).toBe(200);
    expect((await read(devToken('park-manager', [valley]))).status).toBe(200);
    expect((await read(otherOfficer)).status).toBe(404);
    expect((await read(devToken('fund-manager', [], 'fm', undefined, [valley]))).status).toBe(403);
    const bad = await post<Problem>('/applications', { policy: 'Jinan 2019', item: '3', enterpriseId: 'x', facts: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['awardOn', 'enterpriseId', 'facts', 'policy']);
  });
});
