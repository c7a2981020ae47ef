// B14, the audit log's live tail: part of `npm run bench`, and alone as `npm run bench:tail
// [-- --quick]`. 100 clients hold GET /api/v1/audit/stream open, unfiltered (every entry to every
// client), while B1's write (register-project) runs as an open load at half of B1's maximum rate;
// each ProjectRegistered is timed from its commit to each client, and the audit service's RSS is
// sampled throughout.
import autocannon from 'autocannon';
import { availableParallelism } from 'node:os';
import { type Kafka } from 'kafkajs';
import { devToken } from '../scripts/token';
import { openStream, type OpenedStream, type ReceivedEvent } from '../test/support/sse';
import { figure, percentile, show, type Figure } from './stats';
import { BENCH_REPS, benchAlone, benchWorld, busyWhile, drained, loadOf, openLoad, rssMb, type Write } from './tools';

export interface TailBenchOptions {
  base: string;
  kafka: Kafka;
  topicPrefix: string;
  /** the audit service's process, whose RSS is sampled */
  auditPid: number;
  /** B1's write, sent at `rate` a second */
  write: Write;
  /** half of B1's maximum rate, and where that maximum was measured */
  rate: number;
  rateOf: string;
  seconds: number;
  reps: number;
  say: (line: string) => void;
}

export interface TailResults {
  B14: {
    clients: number;
    rate: number;
    rateOf: string;
    /** commit (the event's ce_time, occurred_at) → a client, over every client and event */
    p50Ms: Figure;
    p99Ms: Figure;
    /** the same split at the audit's logged_at: commit → in the log, and log → client (p99) */
    toLogP99Ms: Figure;
    logToClientP99Ms: Figure;
    /** events timed, every client's */
    timed: number;
    /** streams the gateway ended (a client too slow, say): each is a client that missed events */
    ended: number;
    rssMb: { idle: number; peak: Figure };
    /** the machine's cores busy while the load ran (/proc/stat), and how many it has */
    coresBusy: Figure;
    cores: number;
  };
}

/** How many clients hold the tail open. */
export const TAIL_CLIENTS = 100;
const REGISTERED = 'parkledger.project.registered.v1';
const field = (data: string, name: string): string | undefined => new RegExp(`"${name}":"([^"]+)"`).exec(data)?.[1];

/** One client of the tail: the ProjectRegistered events it got, each timed, and whether its stream ended. */
interface Client {
  stream: OpenedStream;
  samples: { total: number; toLog: number; toClient: number }[];
  ended: boolean;
}

async function client(options: TailBenchOptions, token: string, since: number): Promise<Client> {
  const samples: Client['samples'] = [];
  const tail: Client = { stream: undefined as unknown as OpenedStream, samples, ended: false };
  const onEvent = (event: ReceivedEvent) => {
    if (event.event === 'end') tail.ended = true;
    if (event.event !== REGISTERED) return;
    // the data is one line of JSON; its two times are all this needs of it, without parsing it all
    const occurred = Date.parse(field(event.data, 'occurredAt') ?? '');
    const logged = Date.parse(field(event.data, 'loggedAt') ?? '');
    if (!(occurred >= since)) return; // an event of before this repetition's load
    samples.push({ total: event.receivedAt - occurred, toLog: logged - occurred, toClient: event.receivedAt - logged });
  };
  tail.stream = await openStream(options.base, '/api/v1/audit/stream', { token, onEvent, keep: false });
  if (tail.stream.status !== 200) throw new Error(`the tail answered ${tail.stream.status}: ${tail.stream.body}`);
  return tail;
}

export async function tailBenches(options: TailBenchOptions): Promise<TailResults> {
  const { say, reps, seconds, rate } = options;
  // an auditor a client, as 100 people watching the log would be: a caller may hold only a few streams (AUDIT_STREAM_MAX_PER_CALLER)
  const tokens = Array.from({ length: TAIL_CLIENTS }, (_, n) => devToken('auditor', [], `bench-tail-${n}`));
  const idle = rssMb(options.auditPid);
  const p50: number[] = [];
  const p99: number[] = [];
  const toLog: number[] = [];
  const toClient: number[] = [];
  const peaks: number[] = [];
  const cores: number[] = [];
  let timed = 0;
  let ended = 0;
  say(`B14: ${TAIL_CLIENTS} clients of the live tail, ${rate} writes/s (half of ${options.rateOf}) for ${seconds} s`);
  for (let rep = 1; rep <= reps; rep += 1) {
    // what B1, or the repetition before, left the consumers: each starts without a backlog
    await drained(options.kafka, options.topicPrefix, 300_000);
    const since = Date.now();
    const clients = await Promise.all(tokens.map((token) => client(options, token, since)));
    let peak = rssMb(options.auditPid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(options.auditPid))), 200);
    try {
      let written = 0;
      const { result: load, cores: busy } = await busyWhile(() =>
        openLoad(options.write, rate, seconds, () => (written += 1)),
      );
      cores.push(busy);
      const deadline = Date.now() + 60_000;
      while (clients.some((c) => c.samples.length < written && !c.ended)) {
        if (Date.now() > deadline) {
          const short = clients.filter((c) => c.samples.length < written).length;
          throw new Error(`repetition ${rep}: ${short} clients lacked some of the ${written} events after 60 s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const all = clients.flatMap((c) => c.samples);
      const repEnded = clients.filter((c) => c.ended).length;
      p50.push(
        percentile(
          all.map((s) => s.total),
          0.5,
        ),
      );
      p99.push(
        percentile(
          all.map((s) => s.total),
          0.99,
        ),
      );
      toLog.push(
        percentile(
          all.map((s) => s.toLog),
          0.99,
        ),
      );
      toClient.push(
        percentile(
          all.map((s) => s.toClient),
          0.99,
        ),
      );
      peaks.push(peak);
      timed += all.length;
      ended += repEnded;
      say(
        `  commit (ce_time) → client #${rep}: ${written} writes (${load.non2xx + load.errors} failed) to ${TAIL_CLIENTS} clients, ` +
          `p50 ${percentile(
            all.map((s) => s.total),
            0.5,
          ).toFixed(1)} ms, p99 ${percentile(
            all.map((s) => s.total),
            0.99,
          ).toFixed(1)} ms ` +
          `(to the log ${percentile(
            all.map((s) => s.toLog),
            0.99,
          ).toFixed(1)}, log → client ${percentile(
            all.map((s) => s.toClient),
            0.99,
          ).toFixed(1)}); ` +
          `audit RSS peak ${peak.toFixed(0)} MB${repEnded > 0 ? `; ${repEnded} streams ended by the gateway` : ''}`,
      );
    } finally {
      clearInterval(sampler);
      for (const c of clients) c.stream.close();
    }
  }
  return {
    B14: {
      clients: TAIL_CLIENTS,
      rate,
      rateOf: options.rateOf,
      p50Ms: figure(p50),
      p99Ms: figure(p99),
      toLogP99Ms: figure(toLog),
      logToClientP99Ms: figure(toClient),
      timed,
      ended,
      rssMb: { idle, peak: figure(peaks) },
      coresBusy: figure(cores),
      cores: availableParallelism(),
    },
  };
}

export function tailRows(results: TailResults): string[] {
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const { B14 } = results;
  return [
    `| B14 | commit (ce_time, occurred_at) → each of ${B14.clients} live-tail clients, at ${B14.rate} writes/s (half of ${B14.rateOf}), p50 / p99 ms (${B14.timed.toLocaleString('en-US')} deliveries; to the log (logged_at) / log → client p99 ${show(B14.toLogP99Ms, 1)} / ${show(B14.logToClientP99Ms, 1)}${B14.ended > 0 ? `; ${B14.ended} streams ended` : ''}) | ${show(B14.p50Ms, 1)} / ${show(B14.p99Ms, 1)} | — | p99 ≤ 100 ms — ${met(B14.p99Ms.median <= 100 && B14.ended === 0)} |`,
    `| B14 | RSS audit, idle / peak with ${B14.clients} live-tail clients under that load, MB | ${B14.rssMb.idle.toFixed(0)} / ${show(B14.rssMb.peak)} | — | ≤ 250 — ${met(B14.rssMb.peak.median <= 250)} |`,
    `| B14 | the machine's cores busy under that load (/proc/stat: everything on it), of ${B14.cores} | ${show(B14.coresBusy, 2)} | — | — |`,
  ];
}

if (require.main === module) {
  benchAlone('tail', async ({ system, quick, say }) => {
    const seconds = quick ? 4 : 10;
    say('loading the demo world for B1’s write');
    const { write } = await benchWorld(system.base, 'bench-tail');
    // B1's maximum, as npm run bench measures it: its best concurrency has been 32 in every run
    say('B1: register-project at 32 connections, for B14’s half load');
    await autocannon({ ...loadOf(write), connections: 8, duration: 2 }); // warm-up
    const runs: number[] = [];
    for (let rep = 1; rep <= BENCH_REPS; rep += 1) {
      await drained(system.kafka, system.topicPrefix, 300_000); // as npm run bench measures it
      const result = await autocannon({ ...loadOf(write), connections: 32, duration: seconds });
      runs.push(result['2xx'] / result.duration);
      say(`  gateway req/s @32 #${rep}: ${runs[runs.length - 1]?.toFixed(1)}`);
    }
    const max = figure(runs);
    const results = await tailBenches({
      base: system.base,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      auditPid: system.pids().audit,
      write,
      rate: Math.max(1, Math.floor(max.median / 2)),
      rateOf: `B1's ${show(max)} req/s @32 in this run`,
      seconds,
      reps: BENCH_REPS,
      say,
    });
    return { results, rows: tailRows(results) };
  });
}
