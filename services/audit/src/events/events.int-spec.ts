import { auditedTopics, type LoggedEventJson } from '@parkledger/contracts';
import { DomainError, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { createTestTopics, eventually, testKafka, type TestKafka } from '@parkledger/testing';
import { chainLink, entryLeaf, type Hash } from '@parkledger/tlog';
import { type Producer } from 'kafkajs';
import pino from 'pino';
import { AnomaliesRepository } from '../anomalies/anomalies.repository';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { type DeliveredRecord } from '../log/audit-log.repository';
import { AuditConsumer } from '../log/audit.consumer';
import { auditUnderTest, eventRecord, probeRecords, type AuditUnderTest } from '../testing/audit-under-test';
import { cursorOf } from './event-requests';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

const caller = (role: Caller['role']): Caller => ({
  subject: role,
  role,
  parkScope: [],
  fundScope: [],
  policyScope: [],
});
const auditor = caller('auditor');
const cny = (yuan: bigint) => ({ minorUnits: yuan * 100n, currency: 'CNY' });
const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}T00:00:00.000Z`;

/** The fields and rules a refusal names, or its kind when it names none. */
async function refusal(work: Promise<unknown>): Promise<string[]> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.fields.length === 0 ? [error.kind] : error.fields.map((f) => `${f.field}:${f.rule}`);
  }
  throw new Error('not refused');
}

describe('the log’s events and histories (real Postgres and Kafka)', () => {
  let audit: AuditUnderTest;
  let kafka: TestKafka;
  let producer: Producer;
  let events: EventsService;
  let anomalies: AnomaliesService;

  const project = uuidv7();
  const otherProject = uuidv7();
  const fund = uuidv7();
  const enterprise = uuidv7();
  const award = uuidv7();
  const otherAward = uuidv7();
  const investment = uuidv7();
  const investEntry = uuidv7();
  const valueEntry = uuidv7();
  const reversalEntry = uuidv7();
  const feeEntry = uuidv7();
  const projectLife = [
    eventRecord(
      'parkledger.project.registered.v1',
      project,
      1,
      { project: { id: project, stage: 'LEAD' } },
      { time: day(1) },
    ),
    eventRecord('parkledger.project.negotiation-started.v1', project, 2, { projectId: project }, { time: day(2) }),
    eventRecord(
      'parkledger.project.signed.v1',
      project,
      3,
      { projectId: project, signedOn: '2026-01-03' },
      { time: day(3) },
    ),
    eventRecord('parkledger.project.construction-started.v1', project, 4, { projectId: project }, { time: day(4) }),
    eventRecord('parkledger.project.commissioned.v1', project, 5, { projectId: project }, { time: day(9) }),
  ];
  const fundLife = [
    eventRecord('parkledger.fund.registered.v1', fund, 1, { fund: { id: fund } }, { time: day(1) }),
    eventRecord(
      'parkledger.fund.investment-made.v1',
      fund,
      2,
      {
        investment: { id: investment, fundId: fund, targetKind: 'project', targetId: project, cost: cny(50_000_000n) },
        entry: { id: investEntry, fundId: fund, operation: 'invest' },
      },
      { time: day(5) },
    ),
    eventRecord(
      'parkledger.fund.investment-valued.v1',
      fund,
      3,
      { investmentId: investment, fairValue: cny(60_000_000n), entry: { id: valueEntry } },
      { time: day(6) },
    ),
    eventRecord(
      'parkledger.fund.entry-reversed.v1',
      fund,
      4,
      { reversedEntryId: valueEntry, reason: 'valued twice', entry: { id: reversalEntry } },
      { time: day(7) },
    ),
    eventRecord('parkledger.fund.fee-charged.v1', fund, 5, { entry: { id: feeEntry } }, { time: day(7) }),
  ];
  const awards = [
    eventRecord(
      'parkledger.award.applied.v1',
      award,
      1,
      { award: { id: award, projectId: project } },
      { time: day(6) },
    ),
    eventRecord(
      'parkledger.award.granted.v1',
      award,
      2,
      { award: { id: award, projectId: project }, amount: cny(4_000_000n) },
      { time: day(8), correlationId: 'corr-grant' },
    ),
    eventRecord(
      'parkledger.award.applied.v1',
      otherAward,
      1,
      { award: { id: otherAward, projectId: otherProject } },
      { time: day(8), correlationId: 'corr-grant' },
    ),
  ];
  const milestones = [
    eventRecord(
      'parkledger.enterprise.registered.v1',
      enterprise,
      1,
      { enterprise: { id: enterprise } },
      { time: day(1) },
    ),
    eventRecord(
      'parkledger.enterprise.milestone-recorded.v1',
      enterprise,
      2,
      { milestone: { id: uuidv7(), enterpriseId: enterprise, projectId: project }, enterpriseVersion: 2n },
      { time: day(8) },
    ),
  ];
  const all = [...projectLife, ...fundLife, ...awards, ...milestones];

  beforeAll(async () => {
    audit = await auditUnderTest('audit-events');
    kafka = await testKafka('audit-events');
    await createTestTopics(kafka.kafka, auditedTopics(kafka.topicPrefix));
    producer = kafka.kafka.producer();
    await producer.connect();
    events = new EventsService(audit.pool(2), audit.repository, new EventsRepository());
    anomalies = new AnomaliesService(audit.pool(2), new AnomaliesRepository());

    for (const record of all) {
      await producer.send({
        topic: `${kafka.topicPrefix}${record.topic}`,
        messages: [{ key: record.headers.ce_subject, value: record.value, headers: record.headers }],
      });
    }
    const consumer = new AuditConsumer({
      kafka: kafka.kafka,
      pool: audit.pool(2),
      groupId: `${kafka.topicPrefix}audit`,
      topicPrefix: kafka.topicPrefix,
      ingest: audit.ingest,
      checkpointer: audit.checkpointer(),
      logger: pino({ level: 'silent' }),
    });
    await consumer.start();
    try {
      const count = async () =>
        Number((await audit.pool(1).query<{ n: string }>('SELECT count(*) AS n FROM entries')).rows[0]?.n);
      await eventually('every record logged', async () => (await count()) === all.length, 60_000);
    } finally {
      await consumer.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await audit?.stop();
  });

  /** Every page of a history, followed by its cursors. */
  const wholeHistory = async (aggregateType: string, aggregateId: string, limit: number) => {
    const pages: LoggedEventJson[][] = [];
    let cursor = '';
    do {
      const page = await events.history(auditor, { aggregateType, aggregateId, page: { cursor, limit } });
      pages.push(page.events ?? []);
      cursor = page.nextCursor ?? '';
    } while (cursor !== '' && pages.length < 50);
    return pages;
  };
  const leafOf = (event: LoggedEventJson) =>
    entryLeaf({ headers: event.headers ?? {}, value: Buffer.from(event.value ?? '', 'base64') });

  it('gives a project’s life in version order with each leaf and link, then the investment and awards attached to it', async () => {
    const history = await events.history(auditor, { aggregateType: 'project', aggregateId: project });
    const got = history.events ?? [];
    const own = got.slice(0, projectLife.length);
    expect(own.map((e) => [e.aggregateVersion, e.eventType])).toEqual(
      projectLife.map((r, n) => [String(n + 1), r.headers.ce_type]),
    );
    // each leaf is recomputed from the record the history gives, and each link from the one before
    let link: Hash | undefined;
    for (const event of got) expect(event.leafHash).toBe(leafOf(event).toString('base64'));
    for (const event of own) {
      link = chainLink(link, leafOf(event));
      expect(event.link).toBe(link.toString('base64'));
    }
    expect([history.chained, history.seen, history.link]).toEqual(['5', '5', link?.toString('base64')]);

    const attached = got.slice(projectLife.length);
    expect(attached.map((e) => Number(e.position))).toEqual(
      attached.map((e) => Number(e.position)).sort((a, b) => a - b),
    );
    const via = Object.fromEntries(attached.map((e) => [e.eventType ?? '', e.attachedBy] as const));
    expect(via).toEqual({
      'parkledger.fund.investment-made.v1': { type: 'project', id: project },
      'parkledger.fund.investment-valued.v1': { type: 'investment', id: investment },
      'parkledger.fund.entry-reversed.v1': { type: 'journal-entry', id: valueEntry },
      'parkledger.award.applied.v1': { type: 'project', id: project },
      'parkledger.award.granted.v1': { type: 'project', id: project },
      'parkledger.enterprise.milestone-recorded.v1': { type: 'project', id: project },
    });
    expect(attached).toHaveLength(6); // not the fund's fee, nor the other project's award
    const made = attached.find((e) => e.eventType === 'parkledger.fund.investment-made.v1');
    expect(JSON.parse(made?.payloadJson ?? '')).toMatchObject({
      investment: {
        id: investment,
        targetKind: 'project',
        targetId: project,
        cost: { minorUnits: '5000000000', currency: 'CNY' },
      },
    });
    // the investment's own chain link is the fund's, at its version
    expect([made?.aggregateType, made?.aggregateId, made?.aggregateVersion]).toEqual(['fund', fund, '2']);
    expect(made?.link).not.toBe('');
    expect(made?.topic).toBe(`${kafka.topicPrefix}parkledger.funds.v1`);
  });

  it('pages a history by its cursors, the own events first, without losing or repeating one', async () => {
    const whole = (await wholeHistory('project', project, 200)).flat();
    for (const limit of [1, 2, 5, 6]) {
      const pages = await wholeHistory('project', project, limit);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
      expect(pages.flat().map((e) => e.position)).toEqual(whole.map((e) => e.position));
    }
    expect(whole).toHaveLength(11);
  });

  it('gives any aggregate’s history, and a 404 for one the log holds nothing of', async () => {
    const history = await events.history(auditor, { aggregateType: 'fund', aggregateId: fund });
    expect((history.events ?? []).map((e) => e.aggregateVersion)).toEqual(['1', '2', '3', '4', '5']);
    expect(await refusal(events.history(auditor, { aggregateType: 'project', aggregateId: uuidv7() }))).toEqual([
      'not-found',
    ]);
    // a project no pipeline event names, but an award does: its history is what names it
    const named = await events.history(auditor, { aggregateType: 'project', aggregateId: otherProject });
    expect((named.events ?? []).map((e) => [e.aggregateId, e.attachedBy?.type])).toEqual([[otherAward, 'project']]);
    expect(named.chained).toBe('0');
    expect(await refusal(events.history(auditor, { aggregateType: 'project', aggregateId: 'x' }))).toEqual([
      'aggregateId:uuid',
    ]);
  });

  it('searches by aggregate, event type, time and correlation id, in log order, page by page', async () => {
    const search = async (request: Parameters<EventsService['search']>[1]) =>
      (await events.search(auditor, request)).events ?? [];
    const funds = await search({ aggregateType: 'fund', aggregateId: fund });
    expect(funds.map((e) => e.aggregateVersion)).toEqual(['1', '2', '3', '4', '5']);
    expect((await search({ aggregateType: 'award' })).map((e) => e.aggregateId).sort()).toEqual(
      [award, award, otherAward].sort(),
    );
    const signed = await search({ eventType: 'parkledger.project.signed.v1' });
    const payload = (event: LoggedEventJson) => JSON.parse(event.payloadJson ?? '') as Record<string, unknown>;
    expect(signed.map((e) => [e.aggregateId, payload(e).signedOn])).toEqual([[project, '2026-01-03']]);
    const correlated = await search({ correlationId: 'corr-grant' });
    expect(correlated.map((e) => e.aggregateId).sort()).toEqual([award, otherAward].sort());
    // from inclusive, to exclusive
    const window = await search({ occurredFrom: day(7), occurredTo: day(8) });
    expect(window.map((e) => e.eventType).sort()).toEqual([
      'parkledger.fund.entry-reversed.v1',
      'parkledger.fund.fee-charged.v1',
    ]);
    const inProject = await search({ aggregateType: 'project', occurredFrom: '2026-01-03T08:00:00+08:00' });
    expect(inProject.map((e) => e.aggregateVersion)).toEqual(['3', '4', '5']);

    const everything = await search({ page: { limit: 200 } });
    expect(everything).toHaveLength(all.length);
    const paged: LoggedEventJson[] = [];
    let cursor = '';
    do {
      const page = await events.search(auditor, { page: { cursor, limit: 4 } });
      paged.push(...(page.events ?? []));
      cursor = page.nextCursor ?? '';
    } while (cursor !== '');
    expect(paged.map((e) => e.position)).toEqual(everything.map((e) => e.position));
    expect(everything.map((e) => Number(e.position))).toEqual(everything.map((_, n) => n));
    expect(await search({ page: { cursor: cursorOf(all.length - 1) } })).toEqual([]);
  });

  it('refuses bad filters naming each, and anyone but admins and auditors', async () => {
    expect(
      await refusal(
        events.search(auditor, {
          eventType: 'parkledger.project.sold.v1',
          occurredFrom: day(9),
          occurredTo: day(1),
          page: { limit: 500 },
        }),
      ),
    ).toEqual(['eventType:event-type', 'occurredTo:not-before-occurredFrom', 'limit:range']);
    for (const role of ['park-manager', 'fund-manager', 'policy-officer'] as const) {
      expect(await refusal(events.search(caller(role), {}))).toEqual(['forbidden']);
      expect(await refusal(events.history(caller(role), { aggregateType: 'project', aggregateId: project }))).toEqual([
        'forbidden',
      ]);
      expect(await refusal(anomalies.list(caller(role), {}))).toEqual(['forbidden']);
    }
    expect((await events.search(caller('admin'), { page: { limit: 1 } })).events).toHaveLength(1);
  });

  it('lists anomalies by kind, status and aggregate, with the entry that raised each and the one it conflicts with', async () => {
    expect((await anomalies.list(auditor, {})).anomalies).toEqual([]);
    const apply = (records: DeliveredRecord[]) => audit.apply(records);
    const [one, , three] = probeRecords('p-gap', [1, 2, 3]);
    await apply([one, three].filter((r): r is DeliveredRecord => r !== undefined));
    const [twin] = probeRecords('p-twin', [1]);
    const [rival] = probeRecords('p-twin', [1], { note: 'another' });
    await apply([twin, rival].filter((r): r is DeliveredRecord => r !== undefined));

    const positionOf = async (record: DeliveredRecord | undefined) => {
      if (record === undefined) throw new Error('no record');
      const { rows } = await audit
        .pool(1)
        .query<{ position: string }>('SELECT position::text FROM entries WHERE leaf = $1', [entryLeaf(record)]);
      return rows[0]?.position;
    };
    const open = (await anomalies.list(auditor, { status: 'open' })).anomalies ?? [];
    expect(open.map((a) => [a.kind, a.aggregateId, a.fromVersion, a.toVersion])).toEqual([
      ['missing', 'p-gap', '2', '2'],
      ['conflicting-version', 'p-twin', '1', '1'],
    ]);
    expect(open[0]?.position).toBe(await positionOf(three));
    expect(open[0]?.conflictsWith).toBeUndefined();
    expect([open[1]?.position, open[1]?.conflictsWith]).toEqual([await positionOf(rival), await positionOf(twin)]);

    await apply(probeRecords('p-gap', [2]));
    const resolved = (await anomalies.list(auditor, { status: 'resolved' })).anomalies ?? [];
    expect(resolved.map((a) => [a.kind, a.aggregateId, a.resolvedAt !== ''])).toEqual([['missing', 'p-gap', true]]);
    const twins = await anomalies.list(auditor, {
      kind: 'conflicting-version',
      aggregateType: 'probe',
      aggregateId: 'p-twin',
    });
    expect((twins.anomalies ?? []).map((a) => a.aggregateId)).toEqual(['p-twin']);
    const first = await anomalies.list(auditor, { page: { limit: 1 } });
    const second = await anomalies.list(auditor, { page: { limit: 1, cursor: first.nextCursor ?? '' } });
    expect([first.anomalies?.[0]?.kind, second.anomalies?.[0]?.kind, second.nextCursor]).toEqual([
      'missing',
      'conflicting-version',
      '',
    ]);
    expect(await refusal(anomalies.list(auditor, { kind: 'tampered' }))).toEqual(['kind:one-of']);
  });
});
