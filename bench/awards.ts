// B10-B11, the awards service's benchmarks: part of `npm run bench`, and alone as `npm run bench:awards
// [-- --quick]`. B10 counts evaluations a second in the service (a simulation replaying every case
// B11 recorded, in one request), beside the engine alone against books of 10,000 standing awards of
// each of three items
// and the evaluation route through the gateway; B11 times a milestone recorded through the gateway
// until its AwardGranted is on Kafka, under half of the milestone route's maximum rate.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEvent } from '@parkledger/contracts';
import { sleep } from '@parkledger/messaging';
import { type Kafka } from 'kafkajs';
import { post } from '../scripts/demo/api';
import { demoUscc } from '../scripts/demo/demo-uscc';
import { devToken } from '../scripts/token';
import { evaluate, type StandingAward } from '../services/policy-awards/src/evaluation/evaluate';
import { parsePolicyDocument } from '../services/policy-awards/src/policies/policy-document';
import { Client } from './funds';
import { figure, percentile, show, type Figure } from './stats';
import { BENCH_REPS, benchAlone, drained, loadOf, openLoad, type AdminDb, type Write } from './tools';
import { Client as PgClient } from 'pg';

export interface AwardBenchOptions {
  base: string;
  kafka: Kafka;
  topicPrefix: string;
  seconds: number;
  reps: number;
  say: (line: string) => void;
  /** the system's database, for where B11's time went */
  db: AdminDb;
}

export interface AwardResults {
  B10: { engine: Figure; standing: number; route: Figure; simulated: Figure; cases: number };
  B11: { maxRate: Figure; rate: number; p50Ms: Figure; p99Ms: Figure; timed: number };
}

const POLICY_FILE = join(__dirname, '..', 'services/policy-awards/policies/jinan-2019-biomedical.json');
const BENCH_POLICY = 'bench-awards';
const AWARD_ON = '2026-03-01';

/** Standing awards of items 3, 2a and 5d across enterprises, as the service reads them for an item. */
function standingBook(size: number): Map<string, StandingAward[]> {
  const book = new Map<string, StandingAward[]>();
  const add = (award: StandingAward) => book.set(award.item, [...(book.get(award.item) ?? []), award]);
  for (let i = 0; i < size; i += 1) {
    const enterprise = `e${i % 500}`;
    const awardOn = `202${i % 4}-0${(i % 9) + 1}-15`;
    add({
      item: '3',
      enterprise,
      awardOn,
      facts: { product: `P${i}`, firstThreeInChina: i % 7 === 0 },
      amount: 350_000_000n,
      tiers: [],
    });
    add({ item: '2a', enterprise, awardOn, facts: { project: `T${i}` }, amount: 50_000_000n, tiers: [] });
    add({
      item: '5d',
      enterprise,
      awardOn,
      facts: { product: `X${i}`, agency: 'FDA' },
      amount: 100_000_000n,
      tiers: [],
    });
  }
  return book;
}

/** Evaluations a second by the engine, over `seconds`, of applications for the three items in turn. */
function engineRate(seconds: number, book: Map<string, StandingAward[]>): number {
  const document = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as Record<string, unknown>;
  const policy = parsePolicyDocument({ ...document, parks: [randomUUID()] });
  const applications = [
    { item: '3', facts: (n: number) => ({ product: `New ${n}`, firstThreeInChina: n % 2 === 0 }) },
    { item: '2a', facts: (n: number) => ({ project: `New ${n}` }) },
    { item: '5d', facts: (n: number) => ({ product: `New ${n}`, agency: 'EMA' }) },
  ];
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) {
    const application = applications[n % 3] as (typeof applications)[number];
    evaluate(
      policy,
      { item: application.item, enterprise: `e${n % 500}`, awardOn: '2022-05-15', facts: application.facts(n) },
      { awards: book.get(application.item) ?? [], budgetUsed: 0n },
    );
    n += 1;
  }
  return n / seconds;
}

/** A park, enterprises settled in it, and a policy whose item m each GCP-discipline milestone grants, with no limit. */
async function benchPolicy(api: Client): Promise<string[]> {
  const park = await api.post<{ id: string }>('/parks', {
    kind: 'park',
    nameZh: '基准奖励园区',
    nameEn: 'Bench awards park',
  });
  const enterprises: string[] = [];
  for (const n of [1, 2]) {
    const { id } = await api.post<{ id: string }>('/enterprises', {
      name: `Bench awards enterprise ${n}`,
      uscc: demoUscc(`bench-awards:${n}:${randomUUID()}`, '370100'),
    });
    await api.post('/settlements', { enterpriseId: id, parkId: park.id, settledOn: '2020-01-01' });
    enterprises.push(id);
  }
  const title = { zh: '基准', en: 'Bench' };
  await api.post('/policies', {
    policy: BENCH_POLICY,
    title,
    effectiveFrom: '2026-01-01',
    currency: 'CNY',
    parks: [park.id],
    budgetPerYear: '1000000000000.00',
    items: [
      {
        id: 'm',
        title,
        facts: { discipline: 'text' },
        rule: { kind: 'fixed', amount: '1.00' },
        trigger: { milestone: 'gcp-discipline', mode: 'grant' },
        limits: [],
      },
    ],
  });
  return enterprises;
}

/** The bench's clock, in ms: the Unix epoch's, at sub-millisecond resolution, as Postgres's timestamps are. */
const now = () => performance.timeOrigin + performance.now();

/** When each milestone's AwardGranted reached Kafka, by milestone id. */
async function watchGrants(
  kafka: Kafka,
  topic: string,
): Promise<{ seen: Map<string, number>; stop: () => Promise<void> }> {
  const seen = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench-awards-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: ({ message }) => {
      const at = now();
      if (message.headers?.ce_type?.toString() === 'parkledger.award.granted.v1') {
        const event = decodeEvent('parkledger.award.granted.v1', message.value ?? Buffer.alloc(0));
        const milestoneId =
          event.type === 'parkledger.award.granted.v1' ? (event.payload.award?.milestoneId ?? '') : '';
        if (milestoneId !== '') seen.set(milestoneId, at);
      }
      return Promise.resolve();
    },
  });
  await joined;
  return { seen, stop: () => consumer.disconnect() };
}

/** Waits until every milestone's AwardGranted is seen, or throws after `ms`. */
async function granted(seen: Map<string, number>, ids: readonly string[], ms: number, what: string): Promise<void> {
  for (const deadline = Date.now() + ms; ids.some((id) => !seen.has(id));) {
    if (Date.now() > deadline) throw new Error(`${what}: no AwardGranted on Kafka within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function awardBenches(options: AwardBenchOptions): Promise<AwardResults> {
  const { say, seconds, reps } = options;
  const repeat = async (what: string, fn: () => Promise<number>): Promise<Figure> => {
    const runs: number[] = [];
    for (let rep = 1; rep <= reps; rep += 1) {
      runs.push(await fn());
      say(`  ${what} #${rep}: ${runs[runs.length - 1]?.toFixed(1)}`);
    }
    return figure(runs);
  };
  const token = devToken('admin', [], 'bench-awards');
  const admin = new Client(options.base, token);

  // B10: the engine, against 10,000 standing awards of each item; then the evaluation route
  const standing = 10_000;
  say(`B10: evaluations against ${standing.toLocaleString('en-US')} standing awards of each item`);
  const book = standingBook(standing);
  engineRate(1, book); // warm-up, not counted
  const engine = await repeat('engine evaluations/s', async () => {
    const rate = engineRate(seconds, book);
    // The engine holds the event loop for its whole window, longer than the gateway keeps an idle
    // connection open: the loop turns before the next request, so fetch has seen the gateway end its
    // kept-alive connections (without it, B10's first request after the engine failed, "other side closed").
    await sleep(20);
    return rate;
  });

  const enterprises = await benchPolicy(admin);
  const [loaded = '', applicant = ''] = enterprises;
  // the awards service learns the settlement from the registry's events: post waits for it
  const application = await post<{ award: { id: string } }>(
    options.base,
    token,
    '/applications',
    `bench-awards:application:${randomUUID()}`,
    { policy: BENCH_POLICY, item: 'm', enterpriseId: applicant, awardOn: AWARD_ON, facts: { discipline: 'Applied' } },
  );
  const evaluation = {
    url: `${options.base}/api/v1/awards/${application.award.id}/evaluation`,
    headers: admin.headers,
  };
  await autocannon({ ...evaluation, connections: 8, duration: 2 }); // warm-up
  const route = await repeat('GET /awards/{id}/evaluation req/s @8', async () => {
    const result = await autocannon({ ...evaluation, connections: 8, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
    return result['2xx'] / result.duration;
  });

  // B11: milestone recorded → AwardGranted on Kafka, every milestone of an open load at half the maximum rate
  say('B11: milestones, the maximum rate, then every milestone of half of it timed to its AwardGranted');
  const milestone = (discipline: string) => ({
    kind: 'gcp-discipline',
    achievedOn: AWARD_ON,
    facts: { discipline },
  });
  const write: Write = {
    url: `${options.base}/api/v1/enterprises/${loaded}/milestones`,
    keyed: true,
    headers: admin.headers,
    body: JSON.stringify(milestone('Load')),
  };
  const keyed = loadOf(write);
  await autocannon({ ...keyed, connections: 8, duration: 2 }); // warm-up
  const maxRate = await repeat('milestones req/s @8', async () => {
    const result = await autocannon({ ...keyed, connections: 8, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
    return result['2xx'] / result.duration;
  });
  const rate = Math.max(1, Math.round(maxRate.median / 2));
  const watcher = await watchGrants(options.kafka, `${options.topicPrefix}parkledger.awards.v1`);
  const p50: number[] = [];
  const p99: number[] = [];
  const acknowledged = new Map<string, number>();
  try {
    for (let rep = 1; rep <= reps; rep += 1) {
      // the maximum rate, or the repetition before, left the consumers a backlog: each starts without one
      await drained(options.kafka, options.topicPrefix, 300_000);
      const ids: string[] = [];
      const load = await openLoad(write, rate, seconds, (body) => {
        const { id } = JSON.parse(body) as { id: string };
        acknowledged.set(id, now());
        ids.push(id);
      });
      await granted(watcher.seen, ids, 30_000, `repetition ${rep}’s milestones`);
      const delays = ids.map((id) => (watcher.seen.get(id) ?? 0) - (acknowledged.get(id) ?? 0));
      p50.push(percentile(delays, 0.5));
      p99.push(percentile(delays, 0.99));
      say(
        `  milestone → AwardGranted #${rep}: ${delays.length} milestones at ${rate}/s (${load.non2xx + load.errors} failed), p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${percentile(delays, 0.99).toFixed(1)} ms`,
      );
    }
  } finally {
    await watcher.stop();
  }
  await stages(options.db, acknowledged, watcher.seen, say);

  // B10 in the service: a simulation replays, in one request, every case B11 recorded, evaluating
  // each under the policy with its own book of what stands
  say('B10: the service replays the milestones B11 recorded in a simulation');
  const simulate = async (): Promise<{ evaluated: number; seconds: number }> => {
    const started = performance.now();
    const { counts } = await admin.post<{ counts: { evaluated: number } }>('/policies/simulations', {
      policy: BENCH_POLICY,
      from: '2026-01-01',
      to: '2026-12-31',
    });
    return { evaluated: counts.evaluated, seconds: (performance.now() - started) / 1000 };
  };
  const { evaluated: cases } = await simulate(); // warm-up, not counted
  const simulated = await repeat(`evaluations/s replaying ${cases} cases`, async () => {
    const { evaluated, seconds: took } = await simulate();
    return evaluated / took;
  });
  return {
    B10: { engine, standing, route, simulated, cases },
    B11: { maxRate, rate, p50Ms: figure(p50), p99Ms: figure(p99), timed: acknowledged.size },
  };
}

export function awardRows(results: AwardResults): string[] {
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const { B10, B11 } = results;
  return [
    `| B10 | evaluations/s in the service: a simulation replaying ${B10.cases.toLocaleString('en-US')} recorded cases in one request | ${show(B10.simulated)} | — | ≥ 5,000/s — ${met(B10.simulated.median >= 5000)} |`,
    `| B10 | evaluations/s by the engine alone, given all ${B10.standing.toLocaleString('en-US')} standing awards of the item | ${show(B10.engine)} | — | — |`,
    `| B10 | the evaluation route through the gateway (GET /awards/{id}/evaluation) @8 clients, req/s | ${show(B10.route)} | — | — |`,
    `| B11 | milestone recorded → AwardGranted on Kafka, at ${B11.rate}/s of milestones (half of ${show(B11.maxRate)}/s), p50 / p99 ms (${B11.timed.toLocaleString('en-US')} milestones) | ${show(B11.p50Ms, 1)} / ${show(B11.p99Ms, 1)} | — | p99 ≤ 100 ms — ${met(B11.p99Ms.median <= 100)} |`,
  ];
}

if (require.main === module) {
  benchAlone('awards', async ({ system, adminDb, quick, say }) => {
    const results = await awardBenches({
      base: system.base,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      seconds: quick ? 4 : 10,
      reps: BENCH_REPS,
      say,
      db: adminDb,
    });
    return { results, rows: awardRows(results) };
  });
}

/**
 * Where B11's time went, from the services' own timestamps (each an approximation: a relay stamps
 * published_at just after Kafka's acknowledgement, a consumer's inbox row the start of the
 * transaction that applied it): the registry's relay publishing the milestone (negative when it
 * beat the gateway's answer to the bench), the awards consumer taking it, the awards service's
 * transaction and relay, and Kafka delivering the AwardGranted to the bench.
 */
async function stages(
  db: AdminDb,
  acknowledged: Map<string, number>,
  seen: Map<string, number>,
  say: (line: string) => void,
): Promise<void> {
  const pg = new PgClient(db);
  await pg.connect();
  const { rows } = await pg
    .query<{ id: string; registry: number; consumed: number; granted: number }>(
      `SELECT a.milestone_id::text AS id, extract(epoch FROM r.published_at) * 1000 AS registry,
         extract(epoch FROM i.processed_at) * 1000 AS consumed, extract(epoch FROM o.published_at) * 1000 AS granted
       FROM policy_awards.awards a
       JOIN park_registry.enterprise_milestones m ON m.id = a.milestone_id
       JOIN park_registry.outbox r ON r.aggregate_id = m.enterprise_id::text AND r.occurred_at = m.recorded_at
         AND position(convert_to(m.id::text, 'UTF8') IN r.payload) > 0
       JOIN policy_awards.inbox i ON i.event_id = r.event_id
       JOIN policy_awards.outbox o ON o.aggregate_id = a.id::text AND o.event_type = 'parkledger.award.granted.v1'
       WHERE a.milestone_id = ANY($1::uuid[])`,
      [[...acknowledged.keys()]],
    )
    .finally(() => pg.end());
  const spans = rows.map((row) => {
    const registry = Number(row.registry);
    const consumed = Number(row.consumed);
    const granted = Number(row.granted);
    return [
      registry - (acknowledged.get(row.id) ?? 0),
      consumed - registry,
      granted - consumed,
      (seen.get(row.id) ?? 0) - granted,
    ];
  });
  const names = ['registry relay', 'awards consumer takes it', 'awards transaction and relay', 'Kafka to the bench'];
  names.forEach((name, stage) => {
    const ms = spans.map((span) => span[stage] ?? 0);
    say(`  B11 stage, ${name}: p50 ${percentile(ms, 0.5).toFixed(1)} ms, p99 ${percentile(ms, 0.99).toFixed(1)} ms`);
  });
}
