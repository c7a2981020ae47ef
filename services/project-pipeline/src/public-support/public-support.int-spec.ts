import {
  encodeEvent,
  envelopeHeaders,
  type EventInit,
  type EventType,
  type MoneyJson,
  type PublicSupportJson,
} from '@parkledger/contracts';
import {
  createKafka,
  deadLetterTopic,
  IdempotentConsumer,
  KafkajsEventPublisher,
  type ConsumedEvent,
} from '@parkledger/messaging';
import { DomainError, Money, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { consumedEvent, createTestTopics, eventually, outcomeOf, testKafka } from '@parkledger/testing';
import { type Pool } from 'pg';
import pino from 'pino';
import { ProjectsRepository, type ProjectRow } from '../projects/projects.repository';
import { applyRegistryEvent } from '../read-model/registry-read-model';
import { admin, consumed, pipelineUnderTest, type PipelineUnderTest } from '../testing/pipeline-under-test';
import { applyPublicSupportEvent, PUBLIC_SUPPORT_CONSUMER, PUBLIC_SUPPORT_TOPICS } from './public-support.consumer';

const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });
const yuan = (money: MoneyJson | undefined) =>
  Money.ofMinor(BigInt(money?.minorUnits ?? '0'), money?.currency ?? 'CNY').toDecimalString();
const M = 100_000_000n; // 1,000,000.00 in fen

const JINAN_POLICY = 'jinan-2019-biomedical';
const TALENT_POLICY = 'heze-2021-talent';

/** A public-support answer in decimal strings, rows and totals, for exact comparison. */
const shown = (support: PublicSupportJson | undefined) => ({
  funds: (support?.funds ?? []).map((f) => [f.fundId, yuan(f.invested), Number(f.investments)]),
  policies: (support?.policies ?? []).map((p) => [
    p.policy,
    yuan(p.paid),
    yuan(p.recaptured),
    yuan(p.netPaid),
    Number(p.awards),
  ]),
  totals: (support?.totals ?? []).map((t) => ({
    currency: t.currency,
    fundInvested: yuan(t.fundInvested),
    awardsNetPaid: yuan(t.awardsNetPaid),
    publicMoney: yuan(t.publicMoney),
    completed: yuan(t.completedInvestment),
    shareBasisPoints: t.publicShareBasisPoints ?? null,
  })),
  fundsWithheld: support?.fundsWithheld ?? false,
  awardsWithheld: support?.awardsWithheld ?? false,
});

const role = (r: Caller['role'], scope: Partial<Caller> = {}): Caller => ({
  subject: r,
  role: r,
  parkScope: [],
  fundScope: [],
  policyScope: [],
  ...scope,
});

/** A fund's events as the fund ledger publishes them, each keyed by the fund at its next version. */
function fundEvents(fundId: string) {
  let version = 1;
  const next = <T extends EventType>(type: T, payload: EventInit<T>) => consumedEvent(type, fundId, ++version, payload);
  return {
    invest: (projectId: string, cost: bigint, madeOn: string, targetKind = 'project') => {
      const id = uuidv7();
      const entryId = uuidv7();
      const event = next('parkledger.fund.investment-made.v1', {
        investment: { id, fundId, targetKind, targetId: projectId, form: 'equity', madeOn, cost: cny(cost), entryId },
        entry: { id: entryId, fundId, effectiveOn: madeOn, operation: 'invest' },
      });
      return { id, entryId, event };
    },
    reverse: (entryId: string, effectiveOn: string, reversalId = uuidv7()) =>
      next('parkledger.fund.entry-reversed.v1', {
        reversedEntryId: entryId,
        reason: 'booked in error',
        entry: { id: reversalId, fundId, effectiveOn, operation: 'reverse', reverses: entryId },
      }),
    exit: (investmentId: string, cost: bigint) =>
      next('parkledger.fund.exit-realised.v1', {
        investmentId,
        cost: cny(cost),
        proceeds: cny(cost * 2n),
        gain: cny(cost),
      }),
    writeOff: (investmentId: string, amount: bigint) =>
      next('parkledger.fund.investment-written-off.v1', { investmentId, amount: cny(amount) }),
    importWriteOff: (investmentId: string, amount: bigint) =>
      next('parkledger.fund.entries-imported.v1', {
        entries: [
          {
            id: uuidv7(),
            fundId,
            effectiveOn: '2024-12-31',
            operation: 'write-off',
            postings: [
              { account: 'written-off', amount: cny(amount) },
              { account: `investment:${investmentId}`, amount: cny(-amount) },
            ],
          },
        ],
      }),
  };
}

/** An award's life as the awards service publishes it, each event keyed by the award at its version. */
function awardEvents(policy: string, projectId: string, enterpriseId: string, granted: bigint) {
  const id = uuidv7();
  const award = (status: string, over: object = {}) => ({
    id,
    policy,
    policyVersion: 1n,
    item: '1c',
    enterpriseId,
    projectId,
    awardOn: '2024-03-15',
    status,
    granted: cny(granted),
    ...over,
  });
  return {
    id,
    granted: consumedEvent('parkledger.award.granted.v1', id, 2, { award: award('granted'), amount: cny(granted) }),
    paid: (paidOn: string) =>
      consumedEvent('parkledger.award.paid.v1', id, 3, {
        award: award('paid', { paid: cny(granted) }),
        amount: cny(granted),
        paidOn,
      }),
    recaptured: (amount: bigint, recapturedOn: string) =>
      consumedEvent('parkledger.award.recaptured.v1', id, 4, {
        award: award('paid', { paid: cny(granted), recaptured: cny(amount) }),
        amount: cny(amount),
        recapturedOn,
        reason: 'the device left the park',
      }),
  };
}

describe('public support per project and per park, from the fund and award events, against Postgres', () => {
  let pipeline: PipelineUnderTest;
  let pool: Pool;
  const heze = uuidv7(); // Heze, the root
  const port = uuidv7(); // Heze Modern Medical Port, below it
  const jinan = uuidv7();
  const enterprise = uuidv7();
  const fundA = uuidv7();
  const fundB = uuidv7();
  const fundC = uuidv7();
  let orthopedic = ''; // at the port: the Heze figures
  let protein = ''; // at Heze itself
  const a = fundEvents(fundA);
  const b = fundEvents(fundB);
  const c = fundEvents(fundC);

  /**
   * Each event as the consumer applies it: its id claimed in the consumer's inbox and its effects, in
   * one transaction; a duplicate id changes nothing. A refusal rolls both back and is answered.
   */
  const apply = async (consumer: string, ...events: ConsumedEvent[]): Promise<string[]> => {
    const client = await pool.connect();
    const outcomes: string[] = [];
    try {
      for (const event of events) {
        await client.query('BEGIN');
        try {
          const claimed = await client.query(
            `INSERT INTO inbox (consumer, event_id, event_type, topic, "partition", "offset")
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (consumer, event_id) DO NOTHING`,
            [consumer, event.envelope.id, event.envelope.type, event.topic, event.partition, event.offset],
          );
          if (claimed.rowCount === 1) await applyPublicSupportEvent(event, client);
          await client.query('COMMIT');
          outcomes.push(claimed.rowCount === 1 ? 'applied' : 'duplicate');
        } catch (error) {
          await client.query('ROLLBACK');
          if (!(error instanceof DomainError)) throw error;
          outcomes.push(`${error.code} ${error.fields[0]?.rule ?? ''}`);
        }
      }
    } finally {
      client.release();
    }
    return outcomes;
  };
  const project = async (caller: Caller, id: string, asOf = '') => pipeline.support.forProject(caller, { id, asOf });
  const park = async (caller: Caller, parkId: string, asOf = '') => pipeline.support.forPark(caller, { parkId, asOf });
  const register = async (parkId: string, nameEn: string) =>
    (
      await pipeline.projects.register(admin, {
        parkId,
        enterpriseId: enterprise,
        industryField: 'medical-devices',
        nameZh: nameEn,
        nameEn,
        plannedInvestment: { minorUnits: String(400n * M), currency: 'CNY' },
        stage: 'SIGNED',
        effectiveOn: '2023-03-01',
      })
    ).id ?? '';

  // the Heze figures at the port's orthopedic project: fund A 50,000,000.00; fund B 30,000,000.00
  // and a mistaken 5,000,000.00 reversed; an award of 4,000,000.00 paid, 1,500,000.00 recaptured
  let investedA: ReturnType<typeof a.invest>;
  let mistakeB: ReturnType<typeof b.invest>;
  let mistakeReversed: ConsumedEvent;
  let jinanAward: ReturnType<typeof awardEvents>;

  beforeAll(async () => {
    pipeline = await pipelineUnderTest('pipeline_public_support');
    pool = pipeline.pool(2);
    const client = await pool.connect();
    try {
      const parkEvent = (id: string, parentId: string, nameEn: string) =>
        consumed('parkledger.park.registered.v1', id, 1, { park: { id, parentId, nameEn, version: 1n } });
      await applyRegistryEvent(parkEvent(heze, '', 'Heze'), client);
      await applyRegistryEvent(parkEvent(port, heze, 'Heze Modern Medical Port'), client);
      await applyRegistryEvent(parkEvent(jinan, '', 'Jinan'), client);
      await applyRegistryEvent(
        consumed('parkledger.enterprise.registered.v1', enterprise, 1, {
          enterprise: { id: enterprise, name: 'Huamu Medical', version: 1n },
        }),
        client,
      );
    } finally {
      client.release();
    }
    orthopedic = await register(port, 'Orthopedic equipment (Huamu Medical)');
    protein = await register(heze, 'Nearshore protein');
    for (const [asOf, completed] of [
      ['2023-12-31', 120n * M],
      ['2024-06-30', 300n * M],
    ] as const) {
      await pipeline.projects.reportInvestment(admin, {
        id: orthopedic,
        asOf,
        completedInvestment: { minorUnits: String(completed), currency: 'CNY' },
      });
    }

    investedA = a.invest(orthopedic, 50n * M, '2023-05-10');
    mistakeB = b.invest(orthopedic, 5n * M, '2023-07-01');
    mistakeReversed = b.reverse(mistakeB.entryId, '2023-08-01');
    jinanAward = awardEvents(JINAN_POLICY, orthopedic, enterprise, 4n * M);
    const talentAward = awardEvents(TALENT_POLICY, protein, enterprise, 1n * M);
    const unnamed = awardEvents(JINAN_POLICY, '', enterprise, 7n * M);
    const contribution = uuidv7();
    expect(
      await apply(
        PUBLIC_SUPPORT_CONSUMER,
        investedA.event,
        b.invest(orthopedic, 30n * M, '2023-06-01').event,
        mistakeB.event,
        mistakeReversed,
        // a reversal of an entry that is no investment in a project passes by
        b.reverse(contribution, '2023-08-02'),
        // exits, write-offs and an imported write-off change what a fund holds, not what it put in
        a.exit(investedA.id, 10n * M),
        a.writeOff(investedA.id, 5n * M),
        a.importWriteOff(investedA.id, 5n * M),
        // an investment in an enterprise is no project's
        a.invest(enterprise, 9n * M, '2023-05-11', 'enterprise').event,
        c.invest(protein, 20n * M, '2024-01-15').event,
        jinanAward.granted,
        jinanAward.paid('2024-04-01'),
        jinanAward.recaptured(1_500_000_00n, '2024-09-30'),
        talentAward.paid('2024-05-01'),
        unnamed.paid('2024-04-01'),
      ),
    ).toEqual(Array.from({ length: 15 }, () => 'applied'));
  }, 60_000);

  afterAll(() => pipeline?.stop());

  it('gives a project’s fund money per fund and award money per policy, to the fen, against its completed investment', async () => {
    const answer = await project(role('auditor'), orthopedic);
    expect([answer.projectId, answer.parkId, answer.currency, answer.completedAsOf, answer.asOf]).toEqual([
      orthopedic,
      port,
      'CNY',
      '2024-06-30',
      '',
    ]);
    expect(shown(answer.support)).toEqual({
      funds: [
        [fundA, '50000000.00', 1],
        [fundB, '30000000.00', 1],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
      policies: [[JINAN_POLICY, '4000000.00', '1500000.00', '2500000.00', 1]],
      totals: [
        {
          currency: 'CNY',
          fundInvested: '80000000.00',
          awardsNetPaid: '2500000.00',
          publicMoney: '82500000.00',
          completed: '300000000.00',
          shareBasisPoints: '2750',
        },
      ],
      fundsWithheld: false,
      awardsWithheld: false,
    });
  });

  it('answers as of a date: money dated by then, the completed investment last reported by then', async () => {
    const on = async (asOf: string) => shown((await project(admin, orthopedic, asOf)).support).totals;
    expect(await on('2023-05-09')).toEqual([
      {
        currency: 'CNY',
        fundInvested: '0.00',
        awardsNetPaid: '0.00',
        publicMoney: '0.00',
        completed: '0.00',
        shareBasisPoints: null,
      },
    ]);
    // fund B's mistaken 5,000,000.00 stands until its reversal on 2023-08-01
    expect((await on('2023-07-15'))[0]).toMatchObject({ fundInvested: '85000000.00', shareBasisPoints: null });
    expect((await on('2023-08-01'))[0]).toMatchObject({ fundInvested: '80000000.00' });
    expect((await on('2024-06-30'))[0]).toMatchObject({
      awardsNetPaid: '4000000.00',
      publicMoney: '84000000.00',
      completed: '300000000.00',
      shareBasisPoints: '2800',
    });
    expect((await project(admin, orthopedic, '2024-01-31')).completedAsOf).toBe('2023-12-31');
    expect((await on('2024-01-31'))[0]).toMatchObject({ completed: '120000000.00', shareBasisPoints: '6666' });
  });

  it('sums every project of a park’s subtree: public money in versus investment completed', async () => {
    const all = await park(admin, heze);
    expect(all.projectCount).toBe('2');
    expect(shown(all.support)).toMatchObject({
      policies: [
        [TALENT_POLICY, '1000000.00', '0.00', '1000000.00', 1],
        [JINAN_POLICY, '4000000.00', '1500000.00', '2500000.00', 1],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
      totals: [
        {
          currency: 'CNY',
          fundInvested: '100000000.00',
          awardsNetPaid: '3500000.00',
          publicMoney: '103500000.00',
          completed: '300000000.00',
          shareBasisPoints: '3450',
        },
      ],
    });
    expect(shown(all.support).funds.map(([fund, invested]) => [fund, invested])).toEqual(
      [
        [fundA, '50000000.00'],
        [fundB, '30000000.00'],
        [fundC, '20000000.00'],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expect(shown((await park(admin, port)).support).totals[0]).toMatchObject({ publicMoney: '82500000.00' });
    expect(shown((await park(admin, heze, '2024-06-30')).support).totals[0]).toMatchObject({
      fundInvested: '100000000.00',
      awardsNetPaid: '5000000.00',
      publicMoney: '105000000.00',
      shareBasisPoints: '3500',
    });
    const jinanPark = await park(admin, jinan);
    expect([jinanPark.projectCount, shown(jinanPark.support).totals]).toEqual(['0', []]);
  });

  it('counts a redelivered event once, and a replay under another inbox adds nothing', async () => {
    const before = shown((await park(admin, heze)).support);
    expect(await apply(PUBLIC_SUPPORT_CONSUMER, investedA.event, jinanAward.paid('2024-04-01'))).toEqual([
      'duplicate',
      'applied', // the same award version under another event id: its row is keyed by the version
    ]);
    const rebuild = `rebuild.${PUBLIC_SUPPORT_CONSUMER}`;
    expect(
      await apply(
        rebuild,
        investedA.event,
        mistakeB.event,
        jinanAward.recaptured(1_500_000_00n, '2024-09-30'),
        mistakeReversed,
      ),
    ).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(shown((await park(admin, heze)).support)).toEqual(before);
  });

  it('fails loudly on a copy that contradicts what is recorded, or a payload that breaks its contract', async () => {
    const contradicting = consumedEvent('parkledger.fund.investment-made.v1', fundA, 50, {
      investment: {
        id: investedA.id,
        fundId: fundA,
        targetKind: 'project',
        targetId: orthopedic,
        form: 'equity',
        madeOn: '2023-05-10',
        cost: cny(51n * M),
        entryId: investedA.entryId,
      },
    });
    const secondReversal = b.reverse(mistakeB.entryId, '2023-09-01');
    const badAward = consumedEvent('parkledger.award.paid.v1', uuidv7(), 3, {
      award: { id: uuidv7(), policy: JINAN_POLICY, enterpriseId: enterprise, projectId: 'the port' },
      amount: cny(M),
      paidOn: '2024-04-01',
    });
    expect(await apply(PUBLIC_SUPPORT_CONSUMER, contradicting, secondReversal, badAward)).toEqual([
      'public-support-event-invalid same-as-recorded',
      'public-support-event-invalid reversed-once',
      'public-support-event-invalid uuid',
    ]);
    // rolled back with their inbox claims, so the consumer retries them and then dead-letters them
    const claimed: unknown[] = await pipeline.dataSource.query(
      'SELECT 1 FROM inbox WHERE event_id = ANY ($1::uuid[])',
      [[contradicting.envelope.id, secondReversal.envelope.id, badAward.envelope.id]],
    );
    expect(claimed).toEqual([]);
    expect(shown((await project(admin, orthopedic)).support).totals[0]?.publicMoney).toBe('82500000.00');
  });

  it('keeps money for a project the pipeline doesn’t know yet, and counts it once the project is there', async () => {
    const early = uuidv7();
    const award = awardEvents(JINAN_POLICY, early, enterprise, 2n * M);
    expect(
      await apply(PUBLIC_SUPPORT_CONSUMER, c.invest(early, 10n * M, '2024-02-01').event, award.paid('2024-04-10')),
    ).toEqual(['applied', 'applied']);
    expect(await outcomeOf(project(admin, early))).toBe('project-not-found');
    expect(shown((await park(admin, heze)).support).totals[0]?.publicMoney).toBe('103500000.00');

    // the project arrives (written as the service writes a new one, under the id the events named)
    const row: ProjectRow = {
      id: early,
      park_id: port,
      enterprise_id: enterprise,
      industry_field: 'biological-medicine',
      name_zh: '近岸蛋白',
      name_en: 'Early project',
      currency: 'CNY',
      planned_minor: String(50n * M),
      signed_planned_minor: String(50n * M),
      stage: 'SIGNED',
      lead_on: null,
      negotiating_on: null,
      signed_on: '2024-01-10',
      construction_started_on: null,
      operation_started_on: null,
      terminated_on: null,
      completed_minor: '0',
      completed_as_of: null,
      over_plan: false,
      version: '2',
    };
    const insert = new ProjectsRepository().insert(row);
    await pipeline.dataSource.query(insert.text, insert.params);
    expect(shown((await project(admin, early)).support).totals).toEqual([
      {
        currency: 'CNY',
        fundInvested: '10000000.00',
        awardsNetPaid: '2000000.00',
        publicMoney: '12000000.00',
        completed: '0.00',
        shareBasisPoints: null,
      },
    ]);
    expect(shown((await park(admin, heze)).support).totals[0]?.publicMoney).toBe('115500000.00');
    expect((await park(admin, heze)).projectCount).toBe('3');
  });

  it('shows each caller only the fund and award rows it may read, says what it withheld, and sums only those', async () => {
    const fundManager = shown((await project(role('fund-manager', { fundScope: [fundA] }), orthopedic)).support);
    expect(fundManager).toEqual({
      funds: [[fundA, '50000000.00', 1]],
      policies: [],
      totals: [
        {
          currency: 'CNY',
          fundInvested: '50000000.00',
          awardsNetPaid: '0.00',
          publicMoney: '50000000.00',
          completed: '300000000.00',
          shareBasisPoints: '1666',
        },
      ],
      fundsWithheld: true,
      awardsWithheld: true,
    });
    const officer = shown((await project(role('policy-officer', { policyScope: [JINAN_POLICY] }), orthopedic)).support);
    expect([officer.funds, officer.policies.length, officer.totals[0]?.publicMoney]).toEqual([[], 1, '2500000.00']);
    expect([officer.fundsWithheld, officer.awardsWithheld]).toEqual([true, true]);
    const otherOfficer = shown(
      (await project(role('policy-officer', { policyScope: [TALENT_POLICY] }), orthopedic)).support,
    );
    expect([otherOfficer.policies, otherOfficer.totals[0]?.publicMoney]).toEqual([[], '0.00']);

    const hezeManager = role('park-manager', { parkScope: [heze] });
    const manager = shown((await project(hezeManager, orthopedic)).support);
    expect([manager.funds, manager.policies.length, manager.fundsWithheld, manager.awardsWithheld]).toEqual([
      [],
      1,
      true,
      false,
    ]);
    expect(shown((await park(hezeManager, port)).support).totals[0]?.publicMoney).toBe('4500000.00');

    // a park manager outside the project's parks, or the park's, gets the answer of a missing one
    const jinanManager = role('park-manager', { parkScope: [jinan] });
    expect(await outcomeOf(project(jinanManager, orthopedic))).toBe('project-not-found');
    expect(await outcomeOf(project(admin, uuidv7()))).toBe('project-not-found');
    expect(await outcomeOf(park(jinanManager, heze))).toBe('project-unknown-park');
    expect(await outcomeOf(park(admin, uuidv7()))).toBe('project-unknown-park');
    expect(await outcomeOf(project(admin, orthopedic, '2024-02-30'))).toBe('public-support-invalid date');
  });

  it('builds the read model over Kafka through its consumer of both topics, dead-letters what breaks a rule', async () => {
    const tk = await testKafka('pipeline-public-support');
    const topics = PUBLIC_SUPPORT_TOPICS.map((topic) => `${tk.topicPrefix}${topic}`);
    await createTestTopics(tk.kafka, [...topics, ...topics.map(deadLetterTopic)], 1);
    const fund = uuidv7();
    const target = await register(jinan, 'Kafka project');
    const d = fundEvents(fund);
    const award = awardEvents(JINAN_POLICY, target, enterprise, 3n * M);
    const record = (event: ConsumedEvent) => ({
      key: event.envelope.subject,
      value: Buffer.from(encodeEvent(event.envelope.type, event.event.payload as never)),
      headers: envelopeHeaders(event.envelope),
    });
    const invested = d.invest(target, 12n * M, '2024-03-01').event;
    const broken = d.invest(target, 1n, 'not a date').event;
    const producer = tk.kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics[0] ?? '', messages: [record(invested), record(invested), record(broken)] });
    await producer.send({
      topic: topics[1] ?? '',
      messages: [record(award.granted), record(award.paid('2024-04-01'))],
    });
    await producer.disconnect();

    const publisher = new KafkajsEventPublisher(tk.kafka);
    const consumer = new IdempotentConsumer({
      consumer: `${tk.topicPrefix}${PUBLIC_SUPPORT_CONSUMER}`,
      topics,
      schema: 'pipeline',
      kafka: createKafka({ brokers: tk.brokers, clientId: 'pltest' }),
      pool: pipeline.pool(2),
      publisher,
      handle: applyPublicSupportEvent,
      logger: pino({ level: 'silent' }),
      maxAttempts: 2,
    });
    await consumer.start();
    try {
      await eventually(
        'five records consumed',
        () => consumer.stats.applied + consumer.stats.duplicates + consumer.stats.deadLettered === 5,
        60_000,
      );
      expect(consumer.stats).toMatchObject({ applied: 3, duplicates: 1, deadLettered: 1 });
    } finally {
      await consumer.stop();
      await publisher.close();
    }
    expect(shown((await project(admin, target)).support).totals[0]).toMatchObject({
      fundInvested: '12000000.00',
      awardsNetPaid: '3000000.00',
      publicMoney: '15000000.00',
    });
  }, 120_000);
});
