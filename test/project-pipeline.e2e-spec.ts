import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import { loadDemo } from '../scripts/demo/load';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Project {
  id: string;
  stage: string;
  plannedInvestment: { amount: string; currency: string };
  stageDates: Record<string, string>;
}
interface Stats {
  signedCount: number;
  projectsByStage: Record<string, number>;
  stalledProjectIds: string[];
  totals: { currency: string; signedCount: number; signedPlannedInvestment: { amount: string; currency: string } }[];
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string }[];
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');

describe('project pipeline through the gateway', () => {
  let system: RunningSystem;
  let parks: Record<string, string>;
  let enterprise: string;

  beforeAll(async () => {
    system = await startSystem('pipeline');
    parks = await loadDemo(system.base);
    const enterprises = await call<{ items: { id: string; name: string }[] }>(
      system.base,
      'GET',
      '/api/v1/enterprises?q=Huamu',
      { token: admin },
    );
    enterprise = enterprises.body.items[0]?.id ?? '';
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const stats = async (park: string, from: string, to: string, token = auditor) =>
    (
      await call<Stats>(
        system.base,
        'GET',
        `/api/v1/parks/${park}/statistics?from=${from}&to=${to}&stalledAfterMonths=6`,
        { token },
      )
    ).body;

  it('shows the Heze demo statistics: 40 projects signed in two years for exactly RMB 13,000,000,000.00', async () => {
    const heze = await stats(parks['heze-port'] ?? '', '2021-01-01', '2022-12-31');
    expect(heze.signedCount).toBe(40);
    expect(heze.totals).toMatchObject([
      { currency: 'CNY', signedCount: 40, signedPlannedInvestment: { amount: '13000000000.00', currency: 'CNY' } },
    ]);
    expect(heze.projectsByStage).toMatchObject({ IN_OPERATION: 1, TERMINATED: 0 });
    const jinan = await stats(parks.jiz ?? '', '2021-01-01', '2024-12-31');
    expect(jinan.projectsByStage).toMatchObject({ TERMINATED: 1, NEGOTIATING: 1 });
    expect(jinan.stalledProjectIds).toHaveLength(1);
  });

  it('signs a project and publishes ProjectSigned with its fields and CloudEvents headers; the statistics include it', async () => {
    const park = parks['heze-park-devices'] ?? '';
    const before = await stats(park, '2025-01-01', '2025-12-31');
    const created = await call<Project>(system.base, 'POST', '/api/v1/projects', {
      token: admin,
      body: {
        parkId: park,
        enterpriseId: enterprise,
        industryField: 'medical-devices',
        nameZh: '手术机器人',
        nameEn: 'Surgical robots',
        plannedInvestment: { amount: '250000000.00', currency: 'CNY' },
        effectiveOn: '2025-01-10',
      },
    });
    expect(created.status).toBe(201);
    const signed = await call<Project>(system.base, 'POST', `/api/v1/projects/${created.body.id}/stage`, {
      token: admin,
      body: { stage: 'SIGNED', effectiveOn: '2025-03-03' },
    });
    expect(signed.status).toBe(200);
    expect(signed.body.stageDates).toEqual({ LEAD: '2025-01-10', SIGNED: '2025-03-03' });

    let record: Awaited<ReturnType<typeof readTopic>>[number] | undefined;
    await eventually(
      'ProjectSigned on Kafka',
      async () => {
        record = (await readTopic(system.kafka, `${system.topicPrefix}parkledger.projects.v1`)).find(
          (r) => r.key === created.body.id && r.headers.ce_type === 'parkledger.project.signed.v1',
        );
        return record !== undefined;
      },
      30_000,
    );
    const envelope = parseEnvelope(record?.headers);
    expect(envelope).toMatchObject({
      source: '/parkledger/project-pipeline',
      subject: created.body.id,
      aggregateType: 'project',
      aggregateVersion: '2',
    });
    expect(record?.headers['content-type']).toBe('application/protobuf');
    const event = decodeEvent(envelope.type, record?.value ?? Buffer.alloc(0));
    if (event.type !== 'parkledger.project.signed.v1') throw new Error(`decoded ${event.type}`);
    expect(event.payload).toMatchObject({
      projectId: created.body.id,
      parkId: park,
      enterpriseId: enterprise,
      industryField: 'medical-devices',
      plannedInvestment: { minorUnits: 25_000_000_000n, currency: 'CNY' },
      signedOn: '2025-03-03',
    });

    const after = await stats(park, '2025-01-01', '2025-12-31');
    expect(after.signedCount).toBe(before.signedCount + 1);
    expect(after.totals[0]?.signedPlannedInvestment.amount).toBe('250000000.00');

    // a capital increase after signing adds only the increment
    const amended = await call<Project>(system.base, 'POST', `/api/v1/projects/${created.body.id}/plan-amendments`, {
      token: admin,
      body: {
        effectiveOn: '2026-02-01',
        delta: { amount: '40000000.00', currency: 'CNY' },
        reason: 'capital increase',
      },
    });
    expect(amended.body.plannedInvestment).toEqual({ amount: '290000000.00', currency: 'CNY' });
    expect((await stats(park, '2025-01-01', '2025-12-31')).totals[0]?.signedPlannedInvestment.amount).toBe(
      '250000000.00',
    );
    const in2026 = await stats(park, '2026-01-01', '2026-12-31');
    expect([in2026.signedCount, in2026.totals[0]?.signedPlannedInvestment.amount]).toEqual([0, '40000000.00']);
  }, 60_000);

  it('answers an illegal move with 409 naming the rule, and a date out of order with 422 naming both dates', async () => {
    const created = await call<Project>(system.base, 'POST', '/api/v1/projects', {
      token: admin,
      body: {
        parkId: parks['heze-port'],
        enterpriseId: enterprise,
        industryField: 'other',
        nameZh: '测',
        nameEn: 'Order test',
        plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
        stage: 'SIGNED',
        effectiveOn: '2025-05-10',
      },
    });
    const back = await call<Problem>(system.base, 'POST', `/api/v1/projects/${created.body.id}/stage`, {
      token: admin,
      body: { stage: 'NEGOTIATING', effectiveOn: '2025-06-01' },
    });
    expect([back.status, back.body.code, back.body.detail]).toEqual([
      409,
      'project-illegal-transition',
      'a project moves only forward: SIGNED cannot move to NEGOTIATING',
    ]);
    const early = await call<Problem>(system.base, 'POST', `/api/v1/projects/${created.body.id}/stage`, {
      token: admin,
      body: { stage: 'UNDER_CONSTRUCTION', effectiveOn: '2025-05-09' },
    });
    expect([early.status, early.body.detail]).toEqual([
      422,
      'UNDER_CONSTRUCTION on 2025-05-09 would come before SIGNED on 2025-05-10',
    ]);
  });

  it('keeps a Heze park manager from seeing a Jinan project', async () => {
    const hezeManager = devToken('park-manager', [parks['heze-port'] ?? ''], 'e2e-heze');
    const jinanProjects = await call<{ items: Project[] }>(
      system.base,
      'GET',
      `/api/v1/projects?parkId=${parks.jiz}&limit=200`,
      { token: auditor },
    );
    expect(jinanProjects.body.items.length).toBeGreaterThan(0);
    const jinanProject = jinanProjects.body.items[0]?.id ?? '';
    const seen = await call<Problem>(system.base, 'GET', `/api/v1/projects/${jinanProject}`, { token: hezeManager });
    expect([seen.status, seen.body.code]).toEqual([404, 'project-not-found']);
    const mine = await call<{ items: Project[] }>(system.base, 'GET', '/api/v1/projects?limit=200', {
      token: hezeManager,
    });
    expect(mine.body.items.map((p) => p.id)).not.toContain(jinanProject);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(40);
    const jinanStats = await call<Problem>(
      system.base,
      'GET',
      `/api/v1/parks/${parks.jiz}/statistics?from=2021-01-01&to=2024-12-31`,
      { token: hezeManager },
    );
    expect(jinanStats.status).toBe(404);
  });

  it('refuses a project for a park that does not exist with 422 naming it', async () => {
    const missing = '01a20000-0000-7000-8000-000000000000';
    const reply = await call<Problem>(system.base, 'POST', '/api/v1/projects', {
      token: admin,
      body: {
        parkId: missing,
        enterpriseId: enterprise,
        industryField: 'other',
        nameZh: '无',
        nameEn: 'Nowhere',
        plannedInvestment: { amount: '1.00', currency: 'CNY' },
        effectiveOn: '2025-01-01',
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({
      code: 'project-unknown-park',
      detail: `unknown park ${missing}`,
      errors: [{ field: 'parkId' }],
    });
  });
});
