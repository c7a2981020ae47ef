// B1 with tracing on, part of `npm run bench`: the same register-project write with every service
// exporting its spans over OTLP/HTTP to a sink of the bench's own, beside B1 with tracing off measured
// in the same run. The sink is a child process, so parsing the exports does not slow the load
// generator's event loop; it still shares the machine's cores with the services, as a collector on
// the same host would.
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { sleep } from '@parkledger/messaging';
import { type RunningSystem } from '../test/support/system';
import { figure, show, type Figure } from './stats';
import { loadOf, type Write } from './tools';

export interface TracingBenchOptions {
  system: RunningSystem;
  write: Write;
  /** B1's gateway req/s with tracing off, measured before in the same run, by connections */
  off: Record<number, Figure>;
  seconds: number;
  reps: number;
  /** waits until the consumers have read what the writes before left */
  settle: () => Promise<void>;
  say: (line: string) => void;
}

export interface TracingResults {
  B1: Record<
    number,
    {
      on: Figure;
      off: Figure;
      /** how much slower the median is with tracing on, % of the median off */
      overheadPercent: number;
      /** requests sent while measuring (2xx and not), and the spans the sink received for them */
      requests: number;
      spans: number;
      /** spans received per request, by the service that sent them */
      spansPerRequest: Record<string, number>;
    }
  >;
}

interface Sink {
  endpoint: string;
  counts(): Promise<Record<string, number>>;
  stop(): void;
}

async function startSink(): Promise<Sink> {
  const child = fork(join(__dirname, 'otlp-sink.ts'), [], { execArgv: ['--import', 'tsx'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`the OTLP sink exited (${code})`)));
  });
  return {
    endpoint,
    counts: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve((message as { counts: Record<string, number> }).counts));
        child.send('counts');
      }),
    stop: () => child.disconnect(),
  };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * The counts once no span has come for 6 s: longer than the batch span processor's 5 s delay, so the
 * spans of what ran (the consumers' too, once they caught up) have all been exported.
 */
async function settled(sink: Sink): Promise<Record<string, number>> {
  let last = await sink.counts();
  let quietSince = Date.now();
  while (Date.now() - quietSince < 6_000) {
    await sleep(500);
    const now = await sink.counts();
    if (total(now) !== total(last)) [last, quietSince] = [now, Date.now()];
  }
  return last;
}

export async function tracingBenches({ system, write, off, seconds, reps, settle, say }: TracingBenchOptions) {
  const sink = await startSink();
  const results: TracingResults = { B1: {} };
  try {
    say(
      `B1 with tracing on: restarting the services with OTEL_EXPORTER_OTLP_ENDPOINT=${sink.endpoint} (the bench's sink)`,
    );
    await system.restart({ OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint });
    say('  warming up (5 s, not counted)');
    await autocannon({ ...loadOf(write), connections: 8, duration: 5 });
    for (const connections of Object.keys(off).map(Number)) {
      say(`B1 with tracing on: register-project at ${connections} connections`);
      const before = await settled(sink);
      const runs: number[] = [];
      let requests = 0;
      for (let rep = 1; rep <= reps; rep += 1) {
        await settle();
        const result = await autocannon({ ...loadOf(write), connections, duration: seconds });
        if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
        requests += result['2xx'] + result.non2xx;
        runs.push(result['2xx'] / result.duration);
        say(`  gateway req/s, tracing on @${connections} #${rep}: ${runs[runs.length - 1]?.toFixed(1)}`);
      }
      const after = await settled(sink);
      const spansPerRequest = Object.fromEntries(
        Object.keys(after).map((service) => [service, ((after[service] ?? 0) - (before[service] ?? 0)) / requests]),
      );
      const on = figure(runs);
      const offFigure = off[connections] as Figure;
      const entry = {
        on,
        off: offFigure,
        overheadPercent: (1 - on.median / offFigure.median) * 100,
        requests,
        spans: total(after) - total(before),
        spansPerRequest,
      };
      results.B1[connections] = entry;
      say(
        `  B1 @${connections}: ${on.median.toFixed(0)} req/s traced vs ${offFigure.median.toFixed(0)} untraced (overhead ${entry.overheadPercent.toFixed(1)}%); ${(entry.spans / requests).toFixed(2)} spans a request (${Object.entries(
          spansPerRequest,
        )
          .map(([service, n]) => `${service} ${n.toFixed(2)}`)
          .join(', ')})`,
      );
    }
  } finally {
    say('restarting the services with tracing off for the rest of the bench');
    await system.restart({ OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    sink.stop();
  }
  return results;
}

export function tracingRows(results: TracingResults): string[] {
  return Object.entries(results.B1).map(
    ([connections, r]) =>
      `| B1 | register-project @${connections} clients, tracing on (every span exported over OTLP/HTTP to the bench's sink on the same machine), req/s; spans received per request | ${show(r.on)}; ${(r.spans / r.requests).toFixed(2)} | tracing off, same run: ${show(r.off)} req/s (overhead with tracing on ${r.overheadPercent.toFixed(0)}%) | — |`,
  );
}
