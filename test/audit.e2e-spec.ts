import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import {
  chainLink,
  entryLeaf,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type Hash,
} from '@parkledger/tlog';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface CheckpointView {
  sequence: string;
  size: string;
  rootHash: string;
  note: string;
}

interface EventView {
  position: string;
  leafHash: string;
  link: string | null;
  topic: string;
  eventId: string | null;
  eventType: string | null;
  aggregateType: string | null;
  aggregateId: string | null;
  aggregateVersion: string | null;
  occurredAt: string | null;
  correlationId: string | null;
  headers: Record<string, string>;
  value: string;
  payload: Record<string, unknown> | null;
  attachedBy: { type: string; id: string } | null;
}
interface EventPage {
  items: EventView[];
  nextCursor: string | null;
}
interface HistoryPage extends EventPage {
  aggregateType: string;
  aggregateId: string;
  chained: string;
  seen: string;
  link: string | null;
}
interface LeafRun {
  position: string;
  topic: string;
  partition: number;
  offset: string;
  count: number;
}
interface Problem {
  status: number;
  code: string;
  errors: { field: string; rule: string }[];
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
const ORIGIN = 'parkledger.local/audit';
const b64 = (text: string) => Buffer.from(text, 'base64');

describe('the audit log through the gateway', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('audit');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const registerPark = (name: string) =>
    call(system.base, 'POST', '/api/v1/parks', { token: admin, body: { kind: 'park', nameZh: name, nameEn: name } });
  /** The latest checkpoint, once it holds at least `size` entries, opened with the system's key. */
  const checkpointOf = async (size: number): Promise<{ view: CheckpointView; opened: Checkpoint }> => {
    let latest: CheckpointView | undefined;
    await eventually(`a checkpoint of ${size} entries or more`, async () => {
      const { body } = await call<{ items: CheckpointView[] }>(system.base, 'GET', '/api/v1/audit/checkpoints', {
        token: auditor,
      });
      latest = body.items[0];
      return latest !== undefined && Number(latest.size) >= size;
    });
    if (latest === undefined) throw new Error('no checkpoint');
    return { view: latest, opened: openCheckpoint(latest.note, parseVerifierKey(system.auditKey), ORIGIN) };
  };

  it('signs checkpoints of every event, proves each on Kafka is in the tree, and each checkpoint extends the last', async () => {
    for (const name of ['审计园一', '审计园二', '审计园三']) expect((await registerPark(name)).status).toBe(201);
    const first = await checkpointOf(3);
    expect(first.opened.root.toString('base64')).toBe(first.view.rootHash);

    // every record on the parks topic is an entry of the log: its leaf, proven in the signed tree
    const records = await readTopic(system.kafka, `${system.topicPrefix}parkledger.parks.v1`);
    const leaves = new Set(records.map((record) => entryLeaf(record).toString('base64')));
    const size = first.opened.size;
    let proven = 0;
    const proofLeaves: string[] = [];
    for (let position = 0; position < size; position += 1) {
      const proof = await call<{ leafHash: string; hashes: string[]; treeSize: string }>(
        system.base,
        'GET',
        `/api/v1/audit/proofs/inclusion?position=${position}&treeSize=${size}`,
        { token: auditor },
      );
      expect(proof.status).toBe(200);
      const failure = verifyInclusion(
        b64(proof.body.leafHash),
        position,
        size,
        proof.body.hashes.map(b64),
        first.opened.root,
      );
      expect(failure).toBeUndefined();
      if (leaves.has(proof.body.leafHash)) proven += 1;
      proofLeaves.push(proof.body.leafHash);
    }
    expect(proven).toBe(records.length);

    // the leaves as a verifier reads them: each computed from the log's copy, the leaf the tree holds,
    // and where each was read, in runs of consecutive offsets
    const page = await call<{ runs: LeafRun[]; leafHashes: string[]; size: string }>(
      system.base,
      'GET',
      `/api/v1/audit/leaves?from=0&limit=${size}`,
      { token: auditor },
    );
    expect(page.status).toBe(200);
    expect(page.body.leafHashes).toEqual(proofLeaves);
    const places = page.body.runs.flatMap((run) =>
      Array.from({ length: run.count }, (_, n) => `${run.topic}/${run.partition}/${BigInt(run.offset) + BigInt(n)}`),
    );
    expect(places).toHaveLength(size);
    expect(page.body.runs[0]?.position).toBe('0');
    for (const record of records) {
      const at = page.body.leafHashes.indexOf(entryLeaf(record).toString('base64'));
      expect(places[at]).toBe(`${record.topic}/${record.partition}/${record.offset}`);
    }

    // more events, a later checkpoint, and the proof that it extends the first
    expect((await registerPark('审计园四')).status).toBe(201);
    const second = await checkpointOf(size + 1);
    const consistency = await call<{ hashes: string[] }>(
      system.base,
      'GET',
      `/api/v1/audit/proofs/consistency?fromSize=${size}&toSize=${second.opened.size}`,
      { token: auditor },
    );
    expect(consistency.status).toBe(200);
    expect(
      verifyConsistency(
        size,
        second.opened.size,
        first.opened.root,
        second.opened.root,
        consistency.body.hashes.map(b64),
      ),
    ).toBeUndefined();

    // and each checkpoint is on Kafka too, as a CloudEvent
    const published = await readTopic(system.kafka, `${system.topicPrefix}parkledger.audit.checkpoints.v1`);
    expect(published.map((record) => parseEnvelope(record.headers).type)).toContain('parkledger.checkpoint.signed.v1');
  }, 120_000);

  /** A write that waits for a service's read model of another's events: retried while it is refused as unknown. */
  const created = async <T>(path: string, body: unknown): Promise<T> => {
    let reply = await call<T>(system.base, 'POST', `/api/v1${path}`, { token: admin, body });
    await eventually(
      `POST ${path} once its read model knows what it names`,
      async () => {
        if (reply.status === 422 || reply.status === 404) {
          reply = await call<T>(system.base, 'POST', `/api/v1${path}`, { token: admin, body });
        }
        return reply.status !== 422 && reply.status !== 404;
      },
      30_000,
    );
    if (reply.status >= 300) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const auditGet = <T>(path: string, token = auditor) =>
    call<T>(system.base, 'GET', `/api/v1/audit/${path}`, { token });

  it('gives a project’s life from lead to operation with its investment and awards, searchable, each hash recomputed from the record', async () => {
    const cny = (amount: string) => ({ amount, currency: 'CNY' });
    const park = (
      await created<{ id: string }>('/parks', { kind: 'park', nameZh: '审计医学谷', nameEn: 'Audit Valley' })
    ).id;
    const enterprise = (
      await created<{ id: string }>('/enterprises', {
        name: '齐鲁制药有限公司 (Qilu Pharmaceutical)',
        uscc: '91370100163052963U',
        foundedOn: '1958-01-01',
        registeredCapital: cny('1000000000.00'),
        industryFields: ['chemical-medicine'],
      })
    ).id;
    await created('/settlements', { enterpriseId: enterprise, parkId: park, settledOn: '2010-01-01' });
    const project = (
      await created<{ id: string }>('/projects', {
        parkId: park,
        enterpriseId: enterprise,
        industryField: 'chemical-medicine',
        nameZh: '齐鲁制药产能扩建',
        nameEn: 'Qilu capacity expansion',
        plannedInvestment: cny('1200000000.00'),
        stage: 'LEAD',
        effectiveOn: '2021-01-05',
      })
    ).id;
    for (const [stage, effectiveOn] of [
      ['NEGOTIATING', '2021-02-01'],
      ['SIGNED', '2021-03-01'],
      ['UNDER_CONSTRUCTION', '2021-06-01'],
      ['IN_OPERATION', '2022-06-01'],
    ]) {
      await created(`/projects/${project}/stage`, { stage, effectiveOn });
    }
    // a fund invests in it
    const fund = (
      await created<{ id: string }>('/funds', {
        nameZh: '审计基金',
        nameEn: 'Audit fund',
        kind: 'direct',
        currency: 'CNY',
        manager: 'E2E',
        vintageOn: '2021-01-01',
      })
    ).id;
    const partner = await created<{ partner: { id: string } }>(`/funds/${fund}/partners`, {
      name: 'Only partner',
      kind: 'private',
      role: 'LP',
      commitment: cny('100000000.00'),
      effectiveOn: '2021-01-02',
    });
    const capitalCall = await created<{ call: { id: string } }>(`/funds/${fund}/capital-calls`, {
      amount: cny('100000000.00'),
      effectiveOn: '2021-01-03',
      dueOn: '2021-01-31',
    });
    await created(`/funds/${fund}/contributions`, {
      callId: capitalCall.call.id,
      partnerId: partner.partner.id,
      amount: cny('100000000.00'),
      effectiveOn: '2021-01-20',
    });
    await created(`/funds/${fund}/investments`, {
      targetKind: 'project',
      targetId: project,
      form: 'equity',
      amount: cny('60000000.00'),
      effectiveOn: '2021-07-01',
    });
    // a policy awards it: an application naming it, and a milestone recorded for it
    const document = JSON.parse(
      readFileSync(join(__dirname, '..', 'services/policy-awards/policies/jinan-2019-biomedical.json'), 'utf8'),
    ) as Record<string, unknown>;
    await created('/policies', { ...document, parks: [park] });
    const applied = await created<{ award: { id: string } }>('/applications', {
      policy: 'jinan-2019-biomedical',
      item: '3',
      enterpriseId: enterprise,
      awardOn: '2021-06-01',
      facts: { product: 'Rosuvastatin calcium tablets', firstThreeInChina: true },
      projectId: project,
    });
    await created(`/awards/${applied.award.id}/review`, { decision: 'grant' });
    await created(`/enterprises/${enterprise}/milestones`, {
      kind: 'new-drug-approval',
      achievedOn: '2022-05-20',
      facts: { product: 'QL1706', drugClass: 1 },
      projectId: project,
    });

    // five events of its own, then the investment, the application's two and the milestone with its award's two
    let history: HistoryPage | undefined;
    await eventually(
      'the project’s whole history in the log',
      async () => {
        const reply = await auditGet<HistoryPage>(`history?aggregateType=project&aggregateId=${project}&limit=200`);
        history = reply.body;
        return reply.status === 200 && reply.body.items.length >= 11;
      },
      60_000,
    );
    const items = history?.items ?? [];
    const own = items.filter((item) => item.attachedBy === null);
    const attached = items.filter((item) => item.attachedBy !== null);
    expect(own.map((item) => [item.aggregateVersion, item.eventType])).toEqual([
      ['1', 'parkledger.project.registered.v1'],
      ['2', 'parkledger.project.negotiation-started.v1'],
      ['3', 'parkledger.project.signed.v1'],
      ['4', 'parkledger.project.construction-started.v1'],
      ['5', 'parkledger.project.commissioned.v1'],
    ]);
    expect(items.slice(0, 5)).toEqual(own);
    expect(attached.map((item) => [item.eventType, item.attachedBy]).sort()).toEqual(
      [
        ['parkledger.fund.investment-made.v1', { type: 'project', id: project }],
        ['parkledger.award.applied.v1', { type: 'project', id: project }],
        ['parkledger.award.granted.v1', { type: 'project', id: project }],
        ['parkledger.enterprise.milestone-recorded.v1', { type: 'project', id: project }],
        ['parkledger.award.applied.v1', { type: 'project', id: project }],
        ['parkledger.award.granted.v1', { type: 'project', id: project }],
      ].sort(),
    );
    const positions = attached.map((item) => Number(item.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const made = attached.find((item) => item.eventType === 'parkledger.fund.investment-made.v1');
    expect(made?.payload).toMatchObject({
      investment: { fundId: fund, targetKind: 'project', targetId: project, cost: { minorUnits: '6000000000' } },
    });
    expect([made?.aggregateType, made?.aggregateId]).toEqual(['fund', fund]);

    // each leaf is recomputed from the record the history gives, and that record is Kafka's, byte for byte
    const onKafka = new Map<string, Awaited<ReturnType<typeof readTopic>>[number]>();
    for (const topic of ['projects', 'funds', 'awards', 'enterprises']) {
      for (const record of await readTopic(system.kafka, `${system.topicPrefix}parkledger.${topic}.v1`)) {
        onKafka.set(parseEnvelope(record.headers).id, record);
      }
    }
    const leafOf = (item: EventView): Hash => entryLeaf({ headers: item.headers, value: b64(item.value) });
    for (const item of items) {
      expect(item.leafHash).toBe(leafOf(item).toString('base64'));
      const record = onKafka.get(item.eventId ?? '');
      expect(record === undefined ? undefined : entryLeaf(record).toString('base64')).toBe(item.leafHash);
    }
    // the project's chain: each link hashes the one before and its leaf
    let link: Hash | undefined;
    for (const item of own) {
      link = chainLink(link, leafOf(item));
      expect(item.link).toBe(link.toString('base64'));
    }
    expect([history?.chained, history?.seen, history?.link]).toEqual(['5', '5', link?.toString('base64')]);

    // the search: by aggregate, page by page; by type; by time; by correlation id
    const paged: EventView[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: EventPage = (
        await auditGet<EventPage>(
          `events?aggregateType=project&aggregateId=${project}&limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`,
        )
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(own);
    const signed = (await auditGet<EventPage>('events?eventType=parkledger.project.signed.v1')).body.items;
    expect(signed.map((item) => item.aggregateId)).toEqual([project]);
    expect(signed[0]?.payload).toMatchObject({ projectId: project, parkId: park, signedOn: '2021-03-01' });
    const [, , third, fourth, fifth] = own;
    const window = await auditGet<EventPage>(
      `events?aggregateType=project&occurredFrom=${third?.occurredAt ?? ''}&occurredTo=${fifth?.occurredAt ?? ''}`,
    );
    expect(window.body.items.map((item) => item.position)).toEqual([third?.position, fourth?.position]);
    // the milestone's request gave its correlation id to the milestone and, through the awards
    // service's consumer, to the award applied for and granted
    const milestone = attached.find((item) => item.eventType === 'parkledger.enterprise.milestone-recorded.v1');
    expect(milestone?.correlationId).toEqual(expect.any(String));
    const milestoneAward = attached.filter(
      (item) =>
        item.eventType?.startsWith('parkledger.award.') === true && item.correlationId === milestone?.correlationId,
    );
    expect(milestoneAward.map((item) => item.eventType).sort()).toEqual([
      'parkledger.award.applied.v1',
      'parkledger.award.granted.v1',
    ]);
    const correlated = await auditGet<EventPage>(`events?correlationId=${milestone?.correlationId ?? ''}`);
    expect(correlated.body.items.every((item) => item.correlationId === milestone?.correlationId)).toBe(true);
    expect(correlated.body.items.map((item) => item.position)).toEqual(
      expect.arrayContaining([milestone, ...milestoneAward].map((item) => item?.position)),
    );

    // an honest system raised no anomaly; an aggregate the log holds nothing of is a 404
    const anomalies = await auditGet<{ items: unknown[] }>('anomalies?status=open');
    expect([anomalies.status, anomalies.body.items]).toEqual([200, []]);
    const unknown = await auditGet<Problem>(`history?aggregateType=project&aggregateId=${fund}`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'audit-not-found']);
  }, 240_000);

  it('refuses bad input to the search, the history, the anomalies and the leaves naming the field and the rule', async () => {
    const cases: [string, string, string][] = [
      ['events?eventType=parkledger.project.sold.v1', 'eventType', 'isIn'],
      ['events?aggregateType=project&aggregateId=not-a-uuid', 'aggregateId', 'uuid'],
      ['events?aggregateId=01a20000-0000-7000-8000-000000000000', 'aggregateId', 'needs-aggregateType'],
      ['events?aggregateType=fund&eventType=parkledger.project.signed.v1', 'eventType', 'of-aggregateType'],
      ['events?occurredFrom=2026-02-30T00:00:00Z', 'occurredFrom', 'isInstant'],
      [
        'events?occurredFrom=2026-02-01T00:00:00Z&occurredTo=2026-01-01T00:00:00Z',
        'occurredTo',
        'not-before-occurredFrom',
      ],
      ['events?limit=0', 'limit', 'min'],
      ['events?limit=201', 'limit', 'max'],
      ['events?cursor=bm90LWEtcG9zaXRpb24', 'cursor', 'cursor'],
      ['events?correlationId=a%20b', 'correlationId', 'matches'],
      ['history?aggregateType=project', 'aggregateId', 'isString'],
      ['history?aggregateType=policy&aggregateId=Jinan%202019', 'aggregateId', 'policy-key'],
      ['history?aggregateType=checkpoint&aggregateId=x', 'aggregateType', 'isIn'],
      ['anomalies?status=closed', 'status', 'isIn'],
      ['anomalies?kind=missing&aggregateId=x', 'aggregateId', 'needs-aggregateType'],
      ['leaves?from=-1', 'from', 'matches'],
      ['leaves?limit=0', 'limit', 'min'],
      ['leaves?limit=10001', 'limit', 'max'],
    ];
    for (const [path, field, rule] of cases) {
      const reply = await auditGet<Problem>(path);
      expect([path, reply.status, reply.headers.get('content-type')]).toEqual([
        path,
        422,
        expect.stringContaining('application/problem+json'),
      ]);
      expect([path, reply.body.errors]).toEqual([
        path,
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      ]);
    }
  });

  it('answers only admins and auditors, and refuses a proof of a size it never signed', async () => {
    const scope = ['01a20000-0000-7000-8000-000000000000'];
    for (const token of [
      devToken('park-manager', scope),
      devToken('fund-manager', [], 'e2e-fund-manager', 600, scope),
    ]) {
      for (const path of [
        'checkpoints',
        'leaves',
        'events',
        'anomalies',
        'history?aggregateType=park&aggregateId=01a20000-0000-7000-8000-000000000000',
      ]) {
        expect([path, (await call(system.base, 'GET', `/api/v1/audit/${path}`, { token })).status]).toEqual([
          path,
          403,
        ]);
      }
    }
    const officer = devToken('policy-officer', [], 'e2e-officer', 600, [], ['jinan-2019-biomedical']);
    expect((await call(system.base, 'GET', '/api/v1/audit/events', { token: officer })).status).toBe(403);
    expect((await call(system.base, 'GET', '/api/v1/audit/events?limit=1', { token: admin })).status).toBe(200);
    expect((await call(system.base, 'GET', '/api/v1/audit/checkpoints', { token: admin })).status).toBe(200);
    const unsigned = await call<{ status: number; detail: string }>(
      system.base,
      'GET',
      '/api/v1/audit/proofs/consistency?fromSize=1&toSize=999999',
      { token: auditor },
    );
    expect(unsigned.status).toBe(404);
    const malformed = await call<{ errors: { field: string }[] }>(
      system.base,
      'GET',
      '/api/v1/audit/proofs/inclusion?position=-1',
      { token: auditor },
    );
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors.map((error) => error.field)).toContain('position');
  });
});
