import { encodeEvent, type EventInit } from '@parkledger/contracts';
import { createKafka, IdempotentConsumer, KafkajsEventPublisher, type ConsumedEvent } from '@parkledger/messaging';
import { DomainError, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { createTestTopics, eventually, testKafka } from '@parkledger/testing';
import pino from 'pino';
import { applyRegistryEvent, applyRegistryEvents } from './read-model/registry-read-model';
import {
  admin,
  consumed,
  pipelineUnderTest,
  registryHeaders,
  type PipelineUnderTest,
} from './testing/pipeline-under-test';

const cny = (amount: bigint) => ({ minorUnits: amount.toString(), currency: 'CNY' });

describe('project pipeline against Postgres and Kafka', () => {
  let pipeline: PipelineUnderTest;
  const heze = uuidv7();
  const hezePark = uuidv7();
  const jinan = uuidv7();
  const enterprise = uuidv7();

  beforeAll(async () => {
    pipeline = await pipelineUnderTest('pipeline');
  });

  afterAll(() => pipeline?.stop());

  it('builds its read model from the registry’s events, absorbing duplicates and stale versions', async () => {
    const tk = await testKafka('pipeline-read-model');
    const parksTopic = `${tk.topicPrefix}parkledger.parks.v1`;
    const enterprisesTopic = `${tk.topicPrefix}parkledger.enterprises.v1`;
    await createTestTopics(tk.kafka, [parksTopic, enterprisesTopic], 1);
    const record = <
      T extends 'parkledger.park.registered.v1' | 'parkledger.park.updated.v1' | 'parkledger.enterprise.registered.v1',
    >(
      type: T,
      id: string,
      version: number,
      payload: EventInit<T>,
    ) => ({
      key: id,
      value: Buffer.from(encodeEvent(type, payload)),
      headers: registryHeaders(type, id, version),
    });
    const park = (id: string, parentId: string, nameEn: string, version: number) =>
      record('parkledger.park.registered.v1', id, version, {
        park: { id, parentId, nameEn, version: BigInt(version) },
      });
    const hezeRegistered = park(heze, '', 'Heze Modern Medical Port', 1);
    const renamed = record('parkledger.park.updated.v1', heze, 2, {
      park: { id: heze, parentId: '', nameEn: 'Heze Port', version: 2n },
    });
    const producer = tk.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: parksTopic,
      messages: [
        hezeRegistered,
        hezeRegistered,
        park(hezePark, heze, 'Heze park 1', 1),
        park(jinan, '', 'Jinan', 1),
        renamed,
        { ...hezeRegistered, headers: { ...hezeRegistered.headers, ce_id: uuidv7() } },
      ],
    });
    await producer.send({
      topic: enterprisesTopic,
      messages: [
        record('parkledger.enterprise.registered.v1', enterprise, 1, {
          enterprise: { id: enterprise, name: 'Huamu Medical', version: 1n },
        }),
      ],
    });
    await producer.disconnect();

    const publisher = new KafkajsEventPublisher(tk.kafka);
    const consumer = new IdempotentConsumer({
      consumer: `${tk.topicPrefix}read-model`,
      topics: [parksTopic, enterprisesTopic],
      schema: 'pipeline',
      kafka: createKafka({ brokers: tk.brokers, clientId: 'pltest' }),
      pool: pipeline.pool(2),
      publisher,
      handle: applyRegistryEvent,
      handleRun: applyRegistryEvents,
      logger: pino({ level: 'silent' }),
    });
    await consumer.start();
    try {
      await eventually(
        'all seven records consumed',
        () => consumer.stats.applied + consumer.stats.duplicates === 7,
        30_000,
      );
      expect(consumer.stats).toMatchObject({ applied: 6, duplicates: 1, deadLettered: 0 });
    } finally {
      await consumer.stop();
      await publisher.close();
    }
    expect(
      await pipeline.dataSource.query('SELECT name_en, version::int FROM pipeline.known_parks ORDER BY name_en'),
    ).toEqual([
      { name_en: 'Heze Port', version: 2 },
      { name_en: 'Heze park 1', version: 1 },
      { name_en: 'Jinan', version: 1 },
    ]);
  }, 60_000);

  it('applies a run of registry events to the same read model as one event at a time', async () => {
    // a seeded stream: parks registered, renamed, moved and some removed, enterprises registered and
    // renamed, interleaved, each aggregate's events in version order as a partition delivers them
    let seed = 20_221_122;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const queues: ConsumedEvent[][] = [];
    const parkIds = Array.from({ length: 12 }, () => uuidv7());
    parkIds.forEach((id, n) => {
      const events = [consumed('parkledger.park.registered.v1', id, 1, { park: { id, nameEn: `P${n}` } })];
      const changes = Math.floor(random() * 4);
      for (let v = 2; v <= changes + 1; v += 1) {
        events.push(
          random() < 0.5
            ? consumed('parkledger.park.updated.v1', id, v, { park: { id, nameEn: `P${n} v${v}` } })
            : consumed('parkledger.park.moved.v1', id, v, {
                park: { id, parentId: parkIds[0], nameEn: `P${n} v${v}` },
              }),
        );
      }
      if (random() < 0.3) events.push(consumed('parkledger.park.removed.v1', id, changes + 2, { parkId: id }));
      queues.push(events);
    });
    for (let n = 0; n < 6; n += 1) {
      const id = uuidv7();
      queues.push([
        consumed('parkledger.enterprise.registered.v1', id, 1, { enterprise: { id, name: `E${n}` } }),
        consumed('parkledger.enterprise.updated.v1', id, 2, { enterprise: { id, name: `E${n} renamed` } }),
      ]);
    }
    const stream: ConsumedEvent[] = [];
    while (queues.some((queue) => queue.length > 0)) {
      const open = queues.filter((queue) => queue.length > 0);
      stream.push(open[Math.floor(random() * open.length)]?.shift() as ConsumedEvent);
    }

    const client = await pipeline.db.pool(1).connect();
    type Row = Record<string, unknown>;
    const readModel = async (schema: string): Promise<Row[]> => {
      const parks = await client.query<Row>(
        `SELECT id, parent_id, name_en, removed, version::int FROM ${schema}.known_parks ORDER BY id`,
      );
      const enterprises = await client.query<Row>(
        `SELECT id, name, version::int FROM ${schema}.known_enterprises ORDER BY id`,
      );
      return [...parks.rows, ...enterprises.rows];
    };
    try {
      for (const schema of ['one_by_one', 'in_runs']) {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.known_parks (LIKE pipeline.known_parks INCLUDING ALL)`);
        await client.query(`CREATE TABLE ${schema}.known_enterprises (LIKE pipeline.known_enterprises INCLUDING ALL)`);
      }
      let done = 0;
      let runs = 0;
      while (done < stream.length) {
        const run = stream.slice(done, done + 1 + Math.floor(random() * 9));
        await client.query('SET search_path TO one_by_one');
        for (const event of run) await applyRegistryEvent(event, client);
        await client.query('SET search_path TO in_runs');
        await applyRegistryEvents(run, client);
        done += run.length;
        runs += 1;
        expect(await readModel('in_runs')).toEqual(await readModel('one_by_one'));
      }
      expect(runs).toBeGreaterThan(5);
      const final = await readModel('in_runs');
      expect(final).toHaveLength(18);
      expect(final.filter((row) => row.removed === true).length).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });

  it('refuses a project for an unknown park or enterprise, or a park outside a manager’s scope, with 422 naming which', async () => {
    const base = {
      enterpriseId: enterprise,
      industryField: 'medical-devices',
      nameZh: '骨科器械',
      nameEn: 'Orthopedic equipment',
      plannedInvestment: cny(100_000_000_00n),
      effectiveOn: '2023-01-05',
    };
    const jinanManager: Caller = {
      subject: 'pm2',
      role: 'park-manager',
      parkScope: [jinan],
      fundScope: [],
      policyScope: [],
    };
    for (const [caller, request, field] of [
      [admin, { ...base, parkId: uuidv7() }, 'parkId'],
      [admin, { ...base, parkId: hezePark, enterpriseId: uuidv7() }, 'enterpriseId'],
      [jinanManager, { ...base, parkId: hezePark }, 'parkId'],
    ] as const) {
      let caught: unknown;
      try {
        await pipeline.projects.register(caller, request);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).toProblem()).toMatchObject({ status: 422, errors: [{ field }] });
    }
    const hezeManager: Caller = {
      subject: 'pm',
      role: 'park-manager',
      parkScope: [heze],
      fundScope: [],
      policyScope: [],
    };
    expect(await pipeline.projects.register(hezeManager, { ...base, parkId: hezePark })).toMatchObject({
      parkId: hezePark,
    });
  });

  it('signs, amends and reports, writing an outbox row for every change, and counts the increment only', async () => {
    const project = await pipeline.projects.register(admin, {
      parkId: hezePark,
      enterpriseId: enterprise,
      industryField: 'medical-devices',
      nameZh: '骨科器械',
      nameEn: 'Orthopedic equipment (Huamu Medical)',
      plannedInvestment: cny(300_000_000_00n),
      stage: 'SIGNED',
      effectiveOn: '2023-03-01',
    });
    await pipeline.projects.amendPlan(admin, {
      id: project.id,
      effectiveOn: '2024-02-01',
      delta: cny(50_000_000_00n),
      reason: 'capital increase',
    });
    await pipeline.projects.advance(admin, { id: project.id, stage: 'UNDER_CONSTRUCTION', effectiveOn: '2024-03-01' });
    await pipeline.projects.reportInvestment(admin, {
      id: project.id,
      asOf: '2024-06-30',
      completedInvestment: cny(120_000_000_00n),
    });
    const events: { event_type: string; aggregate_version: string }[] = await pipeline.dataSource.query(
      'SELECT event_type, aggregate_version::text FROM pipeline.outbox WHERE aggregate_id = $1 ORDER BY position',
      [project.id],
    );
    expect(events.map((e) => [e.event_type, e.aggregate_version])).toEqual([
      ['parkledger.project.registered.v1', '1'],
      ['parkledger.project.signed.v1', '2'],
      ['parkledger.project.plan-amended.v1', '3'],
      ['parkledger.project.construction-started.v1', '4'],
      ['parkledger.project.investment-reported.v1', '5'],
    ]);
    const stats2023 = await pipeline.projects.statistics(admin, {
      parkId: heze,
      from: '2023-01-01',
      to: '2023-12-31',
      stalledAfterMonths: 6,
    });
    const stats2024 = await pipeline.projects.statistics(admin, {
      parkId: heze,
      from: '2024-01-01',
      to: '2024-12-31',
      stalledAfterMonths: 6,
    });
    expect([stats2023.signedCount, stats2023.totals?.[0]?.signedPlannedInvestment?.minorUnits]).toEqual([
      '1',
      '30000000000',
    ]);
    expect([stats2024.signedCount, stats2024.totals?.[0]?.signedPlannedInvestment?.minorUnits]).toEqual([
      '0',
      '5000000000',
    ]);
    expect(stats2024.totals).toMatchObject([
      { currency: 'CNY', completedInvestment: { minorUnits: '12000000000' }, completedShareBasisPoints: '3428' },
    ]);
    const hezeManager: Caller = {
      subject: 'pm',
      role: 'park-manager',
      parkScope: [heze],
      fundScope: [],
      policyScope: [],
    };
    const jinanManager: Caller = {
      subject: 'pm2',
      role: 'park-manager',
      parkScope: [jinan],
      fundScope: [],
      policyScope: [],
    };
    expect((await pipeline.projects.get(hezeManager, project.id ?? '')).nameEn).toBe(
      'Orthopedic equipment (Huamu Medical)',
    );
    await expect(pipeline.projects.get(jinanManager, project.id ?? '')).rejects.toThrow(`no project ${project.id}`);
  });

  it('keeps CNY, USD and JPY totals apart and counts each project at its stage on asOf', async () => {
    const sign = async (nameEn: string, minorUnits: bigint, currency: string) =>
      pipeline.projects.register(admin, {
        parkId: jinan,
        enterpriseId: enterprise,
        industryField: 'other',
        nameZh: nameEn,
        nameEn,
        plannedInvestment: { minorUnits: minorUnits.toString(), currency },
        stage: 'SIGNED',
        effectiveOn: '2022-03-01',
      });
    const cnyProject = await sign('CNY project', 1_000_000_00n, 'CNY');
    await sign('USD project', 500_000_00n, 'USD');
    await sign('JPY project', 300_000n, 'JPY');
    await pipeline.projects.advance(admin, {
      id: cnyProject.id,
      stage: 'UNDER_CONSTRUCTION',
      effectiveOn: '2022-06-01',
    });
    await pipeline.projects.advance(admin, { id: cnyProject.id, stage: 'IN_OPERATION', effectiveOn: '2023-05-01' });
    const request = { parkId: jinan, from: '2022-01-01', to: '2022-12-31', stalledAfterMonths: 6 };
    const stats = await pipeline.projects.statistics(admin, { ...request, asOf: '2022-04-30' });
    expect(stats.signedCount).toBe('3');
    expect(stats.totals?.map((t) => [t.currency, t.signedCount, t.signedPlannedInvestment?.minorUnits])).toEqual([
      ['CNY', '1', '100000000'],
      ['JPY', '1', '300000'],
      ['USD', '1', '50000000'],
    ]);
    const stage = (s: typeof stats, name: string) => s.projectsByStage?.find((c) => c.stage === name)?.count;
    expect([stage(stats, 'SIGNED'), stage(stats, 'IN_OPERATION')]).toEqual(['3', '0']);
    const today = await pipeline.projects.statistics(admin, request);
    expect([stage(today, 'SIGNED'), stage(today, 'UNDER_CONSTRUCTION')]).toEqual(['2', '1']);
  });
});
