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
import { type Kafka } from 'kafkajs';
import { post } from '../scripts/demo/api';
import { demoUscc } from '../scripts/demo/demo-uscc';
import { devToken } from '../scripts/token';
import { evaluate, type StandingAward } from '../services/policy-awards/src/evaluation/evaluate';
import { parsePolicyDocument } from '../services/policy-awards/src/policies/policy-document';
import { Client } from './funds';
import { figure, percentile, show, type Figure } from './stats';
import { benchAlone, loadOf, openLoad, type Write } from './tools';

export interface AwardBenchOptions {
  base: string;
  kafka: Kafka;
  topicPrefix: string;
  seconds: number;
  reps: number;
  say: (line: string) => void;
}

export interface AwardResults {
  B10: { engine: Figure; standing: number; route: Figure; simulated: Figure; cases: number };
  B11: { maxRate: Figure; rate: number; p50Ms: Figure; p99Ms: Figure; probes: number };
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
  for (const n of [1, 2, 3]) {
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

/** When each milestone's AwardGranted reached Kafka, by milestone id (hrtime, ns). */
async function watchGrants(
  kafka: Kafka,
  topic: string,
): Promise<{ seen: Map<string, bigint>; stop: () => Promise<void> }> {
  const seen = new Map<string, bigint>();
  const consumer = kafka.consumer({ groupId: `bench-awards-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: ({ message }) => {
      const at = process.hrtime.bigint();
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']),
      );
      if (headers.ce_type === 'parkledger.award.granted.v1') {
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
  const engine = await repeat('engine evaluations/s', () => Promise.resolve(engineRate(seconds, book)));

  const enterprises = await benchPolicy(admin);
  const [loaded = '', probed = '', applicant = ''] = enterprises;
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

  // B11: milestone recorded → AwardGranted on Kafka, probed one at a time under half the maximum rate
  say('B11: milestones, the maximum rate, then probes under half of it');
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
  const run = randomUUID();
  const keyed = loadOf(write);
  await autocannon({ ...keyed, connections: 8, duration: 2 }); // warm-up
  const maxRate = await repeat('milestones req/s @8', async () => {
    const result = await autocannon({ ...keyed, connections: 8, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
    return result['2xx'] / result.duration;
  });
  const rate = Math.max(1, Math.round(maxRate.median / 2));
  const watcher = await watchGrants(options.kafka, `${options.topicPrefix}parkledger.awards.v1`);
  // the maximum rate left a backlog for the awards service's consumer: one more milestone on the same
  // enterprise (its events keep their order) is granted once the backlog is
  const last = await admin.post<{ id: string }>(`/enterprises/${loaded}/milestones`, milestone(`Drained ${run}`));
  for (const deadline = Date.now() + 300_000; !watcher.seen.has(last.id);) {
    if (Date.now() > deadline)
      throw new Error('the awards service did not drain the maximum rate’s milestones in 5 min');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const p50: number[] = [];
  const p99: number[] = [];
  let probes = 0;
  try {
    for (let rep = 1; rep <= reps; rep += 1) {
      const background = openLoad(write, rate, seconds + 5);
      const delays: number[] = [];
      const until = Date.now() + seconds * 1000;
      for (let i = 0; Date.now() < until; i += 1) {
        const { id } = await admin.post<{ id: string }>(
          `/enterprises/${probed}/milestones`,
          milestone(`Probe ${rep}-${i}-${run}`),
        );
        const acknowledged = process.hrtime.bigint();
        const deadline = Date.now() + 10_000;
        while (!watcher.seen.has(id)) {
          if (Date.now() > deadline) throw new Error(`milestone ${id}: no AwardGranted on Kafka within 10 s`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        delays.push(Number((watcher.seen.get(id) ?? acknowledged) - acknowledged) / 1e6);
      }
      const loadResult = await background;
      probes += delays.length;
      p50.push(percentile(delays, 0.5));
      p99.push(percentile(delays, 0.99));
      say(
        `  milestone → AwardGranted #${rep}: ${delays.length} probes at ${rate}/s of load (${loadResult.non2xx} non-2xx), p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${percentile(delays, 0.99).toFixed(1)} ms`,
      );
    }
  } finally {
    await watcher.stop();
  }

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
    B11: { maxRate, rate, p50Ms: figure(p50), p99Ms: figure(p99), probes },
  };
}

export function awardRows(results: AwardResults): string[] {
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const { B10, B11 } = results;
  return [
    `| B10 | evaluations/s in the service: a simulation replaying ${B10.cases.toLocaleString('en-US')} recorded cases in one request | ${show(B10.simulated)} | — | ≥ 5,000/s — ${met(B10.simulated.median >= 5000)} |`,
    `| B10 | evaluations/s by the engine alone, given all ${B10.standing.toLocaleString('en-US')} standing awards of the item | ${show(B10.engine)} | — | — |`,
    `| B10 | the evaluation route through the gateway (GET /awards/{id}/evaluation) @8 clients, req/s | ${show(B10.route)} | — | — |`,
    `| B11 | milestone recorded → AwardGranted on Kafka, at ${B11.rate}/s of milestones (half of ${show(B11.maxRate)}/s), p50 / p99 ms (${B11.probes} probes) | ${show(B11.p50Ms, 1)} / ${show(B11.p99Ms, 1)} | — | p99 ≤ 100 ms — ${met(B11.p99Ms.median <= 100)} |`,
  ];
}

if (require.main === module) {
  benchAlone('awards', async ({ system, quick, say }) => {
    const results = await awardBenches({
      base: system.base,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      seconds: quick ? 4 : 10,
      reps: 3,
      say,
    });
    return { results, rows: awardRows(results) };
  });
}
