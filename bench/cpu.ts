// npm run bench:cpu [-- --seconds 10 --windows 2 --tag NAME]: B1's write (register-project through the
// gateway) with no profiler, CPU per request per process group from /proc (each service, the load
// generator, every postgres and Kafka process on the machine) and req/s, at 8 then 32 connections,
// `--windows` times after a 5 s warm-up. One JSON line a window: to compare two builds, run it in a
// worktree of each, alternately. `machineMsPerReq` is the whole machine's CPU (from /proc/stat) per
// request; `otherCores`, what the rest of the machine used meanwhile (near 0: nothing else ran);
// `rssMb`, each service's RSS after the window, and a first line with each one's idle after the world
// was loaded, as B6 reads it. `postgresMs` splits Postgres's CPU per request by the role each backend
// serves (each service's own), and `server` for its own processes (WAL writer, checkpointer, autovacuum).
// Each window starts once the consumers have read what the last one left; `drainedMs` is each group's
// CPU per request until they have read this one's too (the consumers' catch-up included), and
// `machineMsPerReqDrained` the machine's. `drainedSeconds` is how long that took to be seen: the
// groups commit their offsets once a second and `drained` reads them twice 200 ms apart, so it is
// ~0.5 s or more even when the consumers kept up.
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { startSystem } from '../test/support/system';
import { benchWorld, cpuSeconds, drained, loadOf, machineBusySeconds, postgresSecondsByRole, rssMb } from './tools';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      windows: { type: 'string', default: '2' },
      tag: { type: 'string', default: '' },
    },
  });
  const seconds = Number(values.seconds);
  const system = await startSystem(`cpu${process.pid}`, { RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const { write } = await benchWorld(system.base, 'cpu');
    const rss = () =>
      Object.fromEntries(Object.entries(system.pids()).map(([name, pid]) => [name, Math.round(rssMb(pid))]));
    process.stdout.write(`cpu: ${JSON.stringify({ tag: values.tag, idleRssMb: rss() })}\n`); // as B6 reads idle
    await autocannon({ ...loadOf(write), connections: 16, duration: 5 }); // warm-up
    for (let w = 0; w < Number(values.windows); w++) {
      for (const connections of [8, 32]) {
        await drained(system.kafka, system.topicPrefix, 300_000);
        const pids = system.pids();
        const before = cpuSeconds(pids);
        const pgBefore = postgresSecondsByRole();
        const mb = machineBusySeconds();
        const r = await autocannon({ ...loadOf(write), connections, duration: seconds });
        const after = cpuSeconds(pids);
        const pgAfter = postgresSecondsByRole();
        const machine = machineBusySeconds() - mb;
        const loaded = Date.now();
        await drained(system.kafka, system.topicPrefix, 300_000);
        const drainedSeconds = (Date.now() - loaded) / 1000;
        const afterDrained = cpuSeconds(pids);
        const machineDrained = machineBusySeconds() - mb;
        const n = r.requests.total;
        const ms: Record<string, number> = {};
        const drainedMs: Record<string, number> = {};
        let ours = 0;
        for (const [g, s] of Object.entries(after)) {
          const d = s - (before[g] ?? 0);
          ours += d;
          ms[g] = +((1000 * d) / n).toFixed(3);
          drainedMs[g] = +((1000 * ((afterDrained[g] ?? 0) - (before[g] ?? 0))) / n).toFixed(3);
        }
        const line = {
          tag: values.tag,
          window: w,
          connections,
          rps: +(n / seconds).toFixed(1),
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
          ms,
          postgresMs: Object.fromEntries(
            Object.entries(pgAfter).map(([who, s]) => [who, +((1000 * (s - (pgBefore[who] ?? 0))) / n).toFixed(3)]),
          ),
          machineMsPerReq: +((1000 * machine) / n).toFixed(3),
          otherCores: +((machine - ours) / seconds).toFixed(2),
          drainedSeconds: +drainedSeconds.toFixed(1),
          drainedMs,
          machineMsPerReqDrained: +((1000 * machineDrained) / n).toFixed(3),
          rssMb: rss(),
        };
        process.stdout.write(`cpu: ${JSON.stringify(line)}\n`);
      }
    }
  } finally {
    await system.stop();
  }
}
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
