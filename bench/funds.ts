// B7-B9, the fund ledger's benchmarks: part of `npm run bench`, and alone as `npm run bench:funds
// [-- --quick]`. Funds are set up through the gateway like any client's; the large histories of B8
// and B9 are written with the ledger's own import route, a thousand entries a request.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { devToken } from '../scripts/token';
import { figure, percentile, show, type Figure } from './stats';
import { type AdminDb, BENCH_REPS, benchAlone, loadOf, pgbenchTables, pgbenchTps, type Write } from './tools';

export interface FundBenchOptions {
  base: string;
  adminDb: AdminDb;
  quick: boolean;
  seconds: number;
  reps: number;
  say: (line: string) => void;
}

export interface FundResults {
  B7: {
    single: Record<number, { reqPerSecond: Figure; pgbench: Figure }>;
    /** postings/s by the number of imports in flight at once */
    imports: Record<number, Figure>;
    entriesPerImport: number;
  };
  B8: { postings: number; p50Ms: number; p99Ms: number; requests: number }[];
  B9: { flows: number; p50Ms: number; p99Ms: number; requests: number };
}

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const IMPORT_SIZE = 1000;
/**
 * Imports measured one request at a time, and two at a time as an import tool that sends the next
 * while the last is written would: the single path is measured at 8 and 32 clients, its best taken.
 */
const IMPORTS_IN_FLIGHT = [1, 2];

function isoDay(start: string, plusDays: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString().slice(0, 10);
}

export class Client {
  readonly headers: Record<string, string>;

  constructor(
    readonly base: string,
    token: string,
  ) {
    this.headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  }

  async post<T>(path: string, body: object): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method: 'POST',
      headers: { ...this.headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** A GET's latency in ms; a non-200 stops the benchmark. */
  async timedGet(path: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${this.base}/api/v1${path}`, { headers: this.headers });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return ms;
  }

  /** A fund started on `vintageOn` whose one partner has paid in `cash`. */
  async fundWithCash(name: string, vintageOn: string, cash: string): Promise<{ id: string; partnerId: string }> {
    const { id } = await this.post<{ id: string }>('/funds', {
      nameZh: name,
      nameEn: name,
      kind: 'direct',
      currency: 'CNY',
      manager: 'Benchmark',
      vintageOn,
    });
    const { partner } = await this.post<{ partner: { id: string } }>(`/funds/${id}/partners`, {
      name: 'Benchmark partner',
      kind: 'private',
      role: 'LP',
      commitment: cny(cash),
      effectiveOn: vintageOn,
    });
    const { call } = await this.post<{ call: { id: string } }>(`/funds/${id}/capital-calls`, {
      amount: cny(cash),
      effectiveOn: vintageOn,
      dueOn: vintageOn,
    });
    await this.post(`/funds/${id}/contributions`, {
      callId: call.id,
      partnerId: partner.id,
      amount: cny(cash),
      effectiveOn: vintageOn,
    });
    return { id, partnerId: partner.id };
  }

  /**
   * Writes `count` entries made by `entry(i)` in imports of IMPORT_SIZE, `inFlight` requests at a
   * time (each waits for its answer before it sends the next); returns postings per second.
   */
  async importAll(
    fundId: string,
    count: number,
    entry: (i: number) => object,
    { inFlight = 1, say }: { inFlight?: number; say?: (line: string) => void } = {},
  ) {
    const started = performance.now();
    let next = 0;
    const sender = async () => {
      for (let done = next; done < count; done = next) {
        next += IMPORT_SIZE;
        const entries = Array.from({ length: Math.min(IMPORT_SIZE, count - done) }, (_, i) => entry(done + i));
        await this.post(`/funds/${fundId}/journal-imports`, { entries });
        if (say !== undefined && (done / IMPORT_SIZE) % 100 === 99) say(`  ${done + IMPORT_SIZE} of ${count} entries`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, sender));
    return (count * 2) / ((performance.now() - started) / 1000);
  }
}

const fee = (effectiveOn: string) => ({
  effectiveOn,
  operation: 'fee',
  postings: [
    { account: 'fees', amount: cny('0.01') },
    { account: 'cash', amount: cny('-0.01') },
  ],
});

/**
 * After a bulk load, what autovacuum would do in its own time, done now (VACUUM ANALYZE of the
 * journal's tables), so the reads are timed in the steady state, not beside a vacuum of a million
 * fresh rows on two cores.
 */
async function settle(db: AdminDb): Promise<void> {
  const admin = new PgClient(db);
  await admin.connect();
  try {
    await admin.query(
      'VACUUM (ANALYZE) fund_ledger.journal_entries, fund_ledger.postings, fund_ledger.account_days, fund_ledger.partner_flow_days',
    );
  } finally {
    await admin.end();
  }
}

/** B7, B8 and B9 against a running system. */
export async function fundBenches(options: FundBenchOptions): Promise<FundResults> {
  const { say, seconds, reps } = options;
  const client = new Client(options.base, devToken('admin', [], 'bench-funds'));
  const repeat = async (what: string, fn: () => Promise<number>): Promise<Figure> => {
    const runs: number[] = [];
    for (let rep = 1; rep <= reps; rep += 1) {
      runs.push(await fn());
      say(`  ${what} #${rep}: ${runs[runs.length - 1]?.toFixed(1)}`);
    }
    return figure(runs);
  };

  // B7: one fee per request through the gateway, beside pgbench; then imports of 1,000 entries
  say('B7: journal writes, one fee a request');
  await pgbenchTables(options.adminDb);
  const b7fund = await client.fundWithCash('B7 single writes', '2000-01-01', '1000000000.00');
  const single: FundResults['B7']['single'] = {};
  const write: Write = {
    url: `${options.base}/api/v1/funds/${b7fund.id}/fees`,
    keyed: true,
    headers: client.headers,
    body: JSON.stringify({ amount: cny('0.01'), effectiveOn: '2025-01-01' }),
  };
  await autocannon({ ...loadOf(write), connections: 8, duration: 3 }); // warm-up, not counted
  for (const connections of [8, 32]) {
    const reqPerSecond = await repeat(`fees req/s @${connections}`, async () => {
      const result = await autocannon({ ...loadOf(write), connections, duration: seconds });
      if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
      return result['2xx'] / result.duration;
    });
    const pgbench = await repeat(`pgbench tps @${connections}`, () =>
      pgbenchTps(options.adminDb, connections, seconds),
    );
    single[connections] = { reqPerSecond, pgbench };
  }
  say(`B7: journal imports of ${IMPORT_SIZE} entries (${IMPORT_SIZE * 2} postings) a request`);
  const importFund = await client.fundWithCash('B7 imports', '2000-01-01', '1000000000.00');
  const importBatches = options.quick ? 10 : 30;
  const imports: FundResults['B7']['imports'] = {};
  for (const inFlight of IMPORTS_IN_FLIGHT) {
    imports[inFlight] = await repeat(`import postings/s, ${inFlight} in flight`, () =>
      client.importAll(importFund.id, importBatches * IMPORT_SIZE, () => fee('2025-01-01'), { inFlight }),
    );
  }

  // B8: a balance as of a date, on funds of 10k, 100k and 1M postings over ten years of days. The
  // funds are read in turn, a request to each in every round, so a change of the machine's speed
  // (this VM's moves by half within minutes) falls on every size alike, not on whichever came last
  const sizes = options.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const days = 3650;
  const funds: { postings: number; id: string; latencies: number[] }[] = [];
  for (const postings of sizes) {
    say(`B8: a fund of ${postings.toLocaleString('en-US')} postings over ${days} days`);
    const fund = await client.fundWithCash(`B8 ${postings}`, '2000-01-01', '1000000000.00');
    await client.importAll(fund.id, postings / 2, (i) => fee(isoDay('2015-01-01', (i * 7919) % days)), { say });
    funds.push({ postings, id: fund.id, latencies: [] });
  }
  await settle(options.adminDb);
  const rounds = options.quick ? 100 : 300;
  for (let i = 0; i < rounds; i += 1) {
    const asOf = isoDay('2015-01-01', (i * 104_729) % days);
    for (const fund of funds) {
      fund.latencies.push(await client.timedGet(`/funds/${fund.id}/balances?asOf=${asOf}&accountPrefix=cash`));
    }
  }
  const b8: FundResults['B8'] = funds.map(({ postings, latencies }) => {
    const row = { postings, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), requests: rounds };
    say(
      `  ${postings} postings, a balance as of a date: p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms`,
    );
    return row;
  });

  // B9: the fund's figures with XIRR over 10,000 dated flows (a contribution, then a distribution a day)
  const flows = 10_000;
  say(`B9: fund figures over ${flows.toLocaleString('en-US')} dated flows`);
  const b9fund = await client.fundWithCash('B9 flows', '1990-01-01', '1000000000.00');
  await client.importAll(b9fund.id, flows, (i) => ({
    effectiveOn: isoDay('1990-01-02', i),
    operation: 'distribute',
    postings: [
      { account: `distributed:${b9fund.partnerId}`, amount: cny('1000.00') },
      { account: 'cash', amount: cny('-1000.00') },
    ],
  }));
  await settle(options.adminDb);
  const requests = options.quick ? 20 : 60;
  const figures = () => client.timedGet(`/funds/${b9fund.id}/figures?asOf=2024-12-31`);
  for (let i = 0; i < 3; i += 1) await figures(); // warm-up, not counted: the first compile the code
  const latencies: number[] = [];
  for (let i = 0; i < requests; i += 1) latencies.push(await figures());
  const b9 = { flows: flows + 1, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), requests };
  say(`  figures: p50 ${b9.p50Ms.toFixed(1)} ms, p99 ${b9.p99Ms.toFixed(1)} ms`);

  return { B7: { single, imports, entriesPerImport: IMPORT_SIZE }, B8: b8, B9: b9 };
}

/** The report's rows for B7-B9. */
export function fundRows(results: FundResults): string[] {
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const best = Math.max(...Object.values(results.B7.single).map((r) => r.reqPerSecond.median));
  const imports = Object.entries(results.B7.imports);
  const bestImport = Math.max(...imports.map(([, figure]) => figure.median));
  // flat: no slower as history grows, every larger fund's median at most 1.5 times the smallest fund's
  const [smallest = 0, ...larger] = results.B8.map((row) => row.p50Ms);
  const flat = Math.max(...larger) <= 1.5 * smallest;
  const fast = results.B8.every((row) => row.p99Ms <= 20);
  return [
    ...Object.entries(results.B7.single).map(
      ([connections, r]) =>
        `| B7 | a fee a request @${connections} clients, req/s (2 postings each) | ${show(r.reqPerSecond)} | pgbench ${show(r.pgbench)} tps (${((r.reqPerSecond.median / r.pgbench.median) * 100).toFixed(0)}%) | — |`,
    ),
    ...imports.map(
      ([inFlight, figure]) =>
        `| B7 | imports of ${results.B7.entriesPerImport} entries, ${inFlight} in flight, postings/s | ${show(figure)} | the single path's best, ${(best * 2).toFixed(0)} postings/s (${(figure.median / (best * 2)).toFixed(1)}×) | ≥ 20,000/s and ≥ 10× (the best of these, as the single path's best) — ${met(bestImport >= 20_000 && bestImport >= 20 * best)} |`,
    ),
    ...results.B8.map(
      (row) =>
        `| B8 | a balance as of a date, ${row.postings.toLocaleString('en-US')} postings, p50 / p99 ms (${row.requests} requests) | ${row.p50Ms.toFixed(1)} / ${row.p99Ms.toFixed(1)} | — | p99 ≤ 20 ms — ${met(fast)}; flat (each larger fund's p50 ≤ 1.5 × the smallest's) — ${met(flat)} |`,
    ),
    `| B9 | fund figures with XIRR over ${results.B9.flows.toLocaleString('en-US')} dated flows, p50 / p99 ms | ${results.B9.p50Ms.toFixed(1)} / ${results.B9.p99Ms.toFixed(1)} | — | ≤ 50 ms — ${met(results.B9.p99Ms <= 50)} |`,
  ];
}

if (require.main === module) {
  benchAlone('funds', async ({ system, adminDb, quick, say }) => {
    const results = await fundBenches({
      base: system.base,
      adminDb,
      quick,
      seconds: quick ? 4 : 10,
      reps: BENCH_REPS,
      say,
    });
    return { results, rows: fundRows(results) };
  });
}
