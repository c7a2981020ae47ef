// npm run bench:cpu [-- --seconds 10 --windows 2 --tag NAME]: B1's write (register-project through the
// gateway) with no profiler, CPU per request per process group from /proc (each service, the load
// generator, every postgres and Kafka process on the machine) and req/s, at 8 then 32 connections,
// `--windows` times after a 5 s warm-up. One JSON line a window: to compare two builds, run it in a
// worktree of each, alternately. `machineMsPerReq` is the whole machine's CPU (from /proc/stat) per
// request; `otherCores`, what the rest of the machine used meanwhile (near 0: nothing else ran);
// `rssMb`, each service's RSS after the window, and a first line with each one's idle after the world
// was loaded, as B6 reads it. `postgresMs` splits Postgres's CPU per request by the role each backend
// serves (each service's own), and `server` for its own processes (WAL writer, checkpointer, autovacuum).
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSystem } from '../test/support/system';
import { benchWorld, cpuSeconds, loadOf, postgresSecondsByRole, rssMb } from './tools';

const machineBusy = (): number => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / 100; // user nice system irq softirq steal
};

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
        const pids = system.pids();
        const before = cpuSeconds(pids);
        const pgBefore = postgresSecondsByRole();
        const mb = machineBusy();
        const r = await autocannon({ ...loadOf(write), connections, duration: seconds });
        const after = cpuSeconds(pids);
        const pgAfter = postgresSecondsByRole();
        const machine = machineBusy() - mb;
        const n = r.requests.total;
        const ms: Record<string, number> = {};
        let ours = 0;
        for (const [g, s] of Object.entries(after)) {
          const d = s - (before[g] ?? 0);
          ours += d;
          ms[g] = +((1000 * d) / n).toFixed(3);
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
