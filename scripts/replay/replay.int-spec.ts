import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  allTopics,
  encodeEvent,
  envelopeHeaders,
  topicOf,
  type EventInit,
  type EventType,
} from '@parkledger/contracts';
import { groupLag, KafkajsEventPublisher, type IdempotentConsumer } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { isReadModel } from '@parkledger/service-kit';
import {
  createTestTopics,
  eventually,
  freshDatabase,
  testInfra,
  testKafka,
  type TestDatabase,
  type TestKafka,
} from '@parkledger/testing';
import { type Admin } from 'kafkajs';
import { type Pool } from 'pg';
import { migrateSchemas, readModelConsumers, replay, type LiveSystem } from './replay';
import { differingTables, formatReport } from './replay-report';
import { REPLAYED_SERVICES } from './replayed-services';

const root = join(__dirname, '..', '..');

/** `npm run replay` itself, against this file's system: its exit code and what it printed. */
function replayCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replay/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * A small world on Kafka, as the services publish it, and the services' read-model consumers running
 * on a database of this file's own (what `npm start` runs, without the services' processes); then a
 * replay of it from offset 0 into a fresh database must find the same rows, until a live row is
 * altered.
 */
describe('npm run replay: read models rebuilt from offset 0 against the live ones', () => {
  let db: TestDatabase;
  let test: TestKafka;
  let admin: Admin;
  let live: LiveSystem;
  let consumers: IdempotentConsumer[] = [];
  const pools = new Map<string, Pool>();
  const zone = uuidv7();
  const valley = uuidv7();
  const gone = uuidv7();
  const retired = uuidv7();
  const qilu = uuidv7();
  const xuanzhu = uuidv7();
  const project = uuidv7();

  /** The sum of every end offset of this file's topics: moves when anything is produced. */
  const produced = async (): Promise<bigint> => {
    let total = 0n;
    for (const topic of (await admin.listTopics()).filter((t) => t.startsWith(test.topicPrefix))) {
      for (const end of await admin.fetchTopicOffsets(topic)) total += BigInt(end.high);
    }
    return total;
  };

  beforeAll(async () => {
    const infra = await testInfra();
    db = await freshDatabase('replay');
    const login = { ...infra.postgres, database: db.name };
    await migrateSchemas(login, REPLAYED_SERVICES);
    test = await testKafka('replay');
    await createTestTopics(
      test.kafka,
      allTopics().map((topic) => `${test.topicPrefix}${topic}`),
    );
    admin = test.kafka.admin();
    await admin.connect();
    live = { postgres: login, brokers: test.brokers, topicPrefix: test.topicPrefix, groupPrefix: test.topicPrefix };

    const publisher = new KafkajsEventPublisher(test.kafka);
    const versions = new Map<string, number>();
    const publish = async <T extends EventType>(type: T, aggregateId: string, payload: EventInit<T>) => {
      const version = (versions.get(aggregateId) ?? 0) + 1;
      versions.set(aggregateId, version);
      await publisher.publish([
        {
          topic: `${test.topicPrefix}${topicOf(type)}`,
          key: aggregateId,
          value: Buffer.from(encodeEvent(type, payload)),
          headers: envelopeHeaders({
            id: uuidv7(),
            source: '/parkledger/replay-spec',
            type,
            time: new Date().toISOString(),
            subject: aggregateId,
            aggregateType: type.split('.')[1] ?? '',
            aggregateVersion: String(version),
          }),
        },
      ]);
    };
    const park = (id: string, parentId: string, nameEn: string, retiredOn = '') => ({
      park: { id, parentId, nameEn, kind: 'park', retiredOn },
    });
    await publish('parkledger.park.registered.v1', zone, park(zone, '', 'Jinan High-tech Zone'));
    await publish('parkledger.park.registered.v1', valley, park(valley, zone, 'Medical Valley'));
    await publish('parkledger.park.updated.v1', valley, park(valley, zone, 'Jinan Medical Valley'));
    await publish('parkledger.park.registered.v1', gone, park(gone, zone, 'A park removed'));
    await publish('parkledger.park.removed.v1', gone, { parkId: gone });
    await publish('parkledger.park.registered.v1', retired, park(retired, zone, 'A park retired'));
    await publish('parkledger.park.retired.v1', retired, park(retired, zone, 'A park retired', '2025-06-30'));
    await publish('parkledger.enterprise.registered.v1', qilu, { enterprise: { id: qilu, name: 'Qilu' } });
    await publish('parkledger.enterprise.updated.v1', qilu, {
      enterprise: { id: qilu, name: 'Qilu Pharmaceutical', returneeFounded: true },
    });
    await publish('parkledger.enterprise.registered.v1', xuanzhu, { enterprise: { id: xuanzhu, name: 'Xuanzhu' } });
    const settled = uuidv7();
    const left = uuidv7();
    const settlement = (id: string, enterpriseId: string, leftOn = '') => ({
      settlement: { id, enterpriseId, parkId: valley, settledOn: '2019-01-01', leftOn },
    });
    await publish('parkledger.settlement.settled.v1', settled, settlement(settled, qilu));
    await publish('parkledger.settlement.settled.v1', left, settlement(left, xuanzhu));
    await publish('parkledger.settlement.left.v1', left, settlement(left, xuanzhu, '2024-12-31'));
    await publish('parkledger.project.registered.v1', project, {
      project: { id: project, parkId: valley, enterpriseId: qilu, nameEn: 'Class 1 drug plant' },
    });
    const fund = uuidv7();
    const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });
    await publish('parkledger.fund.investment-made.v1', fund, {
      investment: {
        id: uuidv7(),
        fundId: fund,
        targetKind: 'project',
        targetId: project,
        form: 'equity',
        madeOn: '2024-03-01',
        cost: cny(50_000_000_00n),
        entryId: uuidv7(),
      },
    });
    const award = uuidv7();
    await publish('parkledger.award.paid.v1', award, {
      award: {
        id: award,
        policy: 'jinan-2019-biomedical',
        enterpriseId: qilu,
        projectId: project,
        granted: cny(20_000_000_00n),
      },
      amount: cny(20_000_000_00n),
      paidOn: '2024-05-01',
    });
    await publisher.close();

    // the services' read-model consumers, as `npm start` runs them: groups named by the topic prefix
    consumers = readModelConsumers({
      services: REPLAYED_SERVICES,
      kafka: test.kafka,
      topicPrefix: test.topicPrefix,
      groupPrefix: test.topicPrefix,
      poolOf: (service) => {
        const pool = pools.get(service.schema) ?? db.pool(4, service.schema);
        pools.set(service.schema, pool);
        return pool;
      },
      publisher: new KafkajsEventPublisher(test.kafka),
    });
    await Promise.all(consumers.map((consumer) => consumer.start()));
    const groups = REPLAYED_SERVICES.flatMap((service) =>
      service.consumers.filter(isReadModel).map((declared) => ({
        group: `${test.topicPrefix}${declared.name}`,
        topics: declared.topics.map((topic) => `${test.topicPrefix}${topic}`),
      })),
    );
    await eventually(
      'the live consumers to read the world',
      async () => {
        for (const { group, topics } of groups) if ((await groupLag(admin, group, topics)) > 0n) return false;
        return true;
      },
      90_000,
    );
  }, 150_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await admin?.disconnect();
    await db?.drop();
  }, 60_000);

  it('finds every table of every replayed consumer the same, and publishes nothing', async () => {
    const before = await produced();
    const said: string[] = [];
    const report = await replay({
      live,
      services: REPLAYED_SERVICES,
      timeoutMs: 120_000,
      keep: false,
      say: (line) => said.push(line),
    });
    const text = formatReport(report);
    expect(differingTables(report)).toEqual([]);
    expect(text.split('\n').at(-1)).toMatch(/^no differences: 11 tables, \d+ rows live, the same rebuilt$/);

    const rows = new Map(
      report.services.flatMap((s) => s.replayed.flatMap((c) => c.tables.map((t) => [t.table, [t.live, t.rebuilt]]))),
    );
    expect(Object.fromEntries(rows)).toEqual({
      'park_registry.referenced_parks': [1, 1],
      'project_pipeline.known_parks': [4, 4],
      'project_pipeline.known_enterprises': [2, 2],
      'project_pipeline.support_fund_investments': [1, 1],
      'project_pipeline.support_award_money': [1, 1],
      'fund_ledger.known_projects': [1, 1],
      'fund_ledger.known_enterprises': [2, 2],
      'fund_ledger.known_parks': [4, 4],
      'fund_ledger.known_settlements': [2, 2],
      'policy_awards.known_parks': [4, 4],
      'policy_awards.known_settlements': [2, 2],
    });
    expect(report.services.flatMap((s) => s.notReplayed.map((n) => n.consumer))).toEqual([
      'fund-ledger.award-books',
      'policy-awards.milestone-awards',
      'audit.log',
    ]);
    expect(report.setAside).toEqual([]);
    expect(said[0]).toMatch(
      /^rebuilding park-registry\.project-references, .* from offset 0 in database pltest_replay_/,
    );

    // nothing on Kafka, the replay's groups gone, its database dropped
    expect(await produced()).toBe(before);
    const { groups } = await admin.listGroups();
    expect(groups.filter((g) => g.groupId.startsWith(`${test.topicPrefix}replay.`))).toEqual([]);
    const { rows: databases } = await db
      .pool(1)
      .query('SELECT 1 FROM pg_database WHERE datname = $1', [report.rebuiltIn]);
    expect(databases).toEqual([]);
  }, 180_000);

  it('names the table and the row of a live read-model row altered, and exits 1', async () => {
    await db.pool(1).query("UPDATE project_pipeline.known_parks SET name_en = 'Tampered' WHERE id = $1", [valley]);
    const infra = await testInfra();
    const { code, out, err } = await replayCli(
      [
        '--service',
        'project-pipeline',
        '--database',
        db.name,
        '--pg-host',
        infra.postgres.host,
        '--pg-port',
        String(infra.postgres.port),
        '--brokers',
        test.brokers.join(','),
        '--topic-prefix',
        test.topicPrefix,
        '--timeout-seconds',
        '120',
      ],
      { PG_ADMIN_USER: infra.postgres.user, PG_ADMIN_PASSWORD: infra.postgres.password },
    );
    expect({ code, err }).toEqual({ code: 1, err: '' });
    expect(out).toMatch(/project_pipeline\.known_parks\s+4\s+4\s+0\s+0\s+1\s+DIFFERS/);
    expect(out).toContain(`differs: id=${valley}: name_en live "Tampered", rebuilt "Jinan Medical Valley"`);
    expect(out).toMatch(/project_pipeline\.known_enterprises\s+2\s+2\s+0\s+0\s+0\s+same/);
    expect(out.trim().split('\n').at(-1)).toBe('1 of 4 tables differ: project_pipeline.known_parks');
  }, 180_000);

  it('refuses an unknown service with exit code 2, naming the flag', async () => {
    const { code, err } = await replayCli(['--service', 'gateway'], {});
    expect(code).toBe(2);
    expect(err).toContain(
      'replay: --service must be one of park-registry, project-pipeline, fund-ledger, policy-awards, audit, all; got "gateway"',
    );
  }, 60_000);
});
