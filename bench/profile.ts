// npm run bench:profile [-- --seconds 20 --connections 32]: runs B1's write (register-project through
// the gateway) with V8's CPU profiler on in each service for the load window only, then prints the
// CPU each process group spent per request, each service's time by package and its hottest
// functions. The .cpuprofile files stay in bench/results/profile/ (flame graph: DevTools, speedscope).
import autocannon from 'autocannon';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eventually } from '@parkledger/testing';
import { startSystem } from '../test/support/system';
import { benchWorld, buildServices, cpuSeconds, loadOf } from './tools';

const root = join(__dirname, '..');
const dir = join(root, 'bench', 'results', 'profile');
const say = (line: string) => process.stdout.write(`profile: ${line}\n`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function and per package, idle left out. */
function selfTimes(profile: CpuProfile): {
  busyMs: number;
  functions: [string, number][];
  packages: [string, number][];
} {
  const byNode = new Map<number, number>();
  profile.samples.forEach((node, i) => byNode.set(node, (byNode.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busyMs = 0;
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (ms === 0 || functionName === '(idle)') continue;
    busyMs += ms;
    const where = url.replace(/^file:\/\//, '').replace(root + '/', '');
    const name = `${functionName || '(anonymous)'} ${where}${where === '' ? '' : `:${lineNumber + 1}`}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
      /^(libs|services)\/([^/]+)\//.exec(where)?.slice(1, 3).join('/') ??
      (where.startsWith('node:') ? 'node (built-in modules)' : where === '' ? functionName : 'other');
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { busyMs, functions: sorted(functions), packages: sorted(packages) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '32' } },
  });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  buildServices(root);
  process.env.PROFILE_DIR = dir; // the services inherit it
  const system = await startSystem('profile', { RATE_LIMIT_PER_MINUTE: '1000000' }, () => [
    '--require',
    join(__dirname, 'cpu-profile-hook.js'),
  ]);
  try {
    say('loading the demo world');
    const { write } = await benchWorld(system.base, 'profile');
    say(`register-project at ${values.connections} connections for ${values.seconds} s`);
    const pids = Object.values(system.pids());
    for (const pid of pids) process.kill(pid, 'SIGWINCH'); // start profiling
    const before = cpuSeconds(system.pids());
    const result = await autocannon({
      ...loadOf(write),
      connections: Number(values.connections),
      duration: Number(values.seconds),
    });
    const after = cpuSeconds(system.pids());
    for (const pid of pids) process.kill(pid, 'SIGWINCH'); // stop and write
    await eventually(
      'every service to write its profile',
      () => readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).length === pids.length,
      30_000,
    );
    say(`${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx`);
    const requests = result.requests.total;
    const cores = availableParallelism();
    say(
      `CPU per request (ms) while loaded, by process group (${cores} cores = ${((1000 * cores * Number(values.seconds)) / requests).toFixed(2)} ms/request available):`,
    );
    for (const [group, seconds] of Object.entries(after)) {
      const cpu = seconds - (before[group] ?? 0);
      say(
        `  ${group.padEnd(18)} ${((1000 * cpu) / requests).toFixed(2).padStart(6)} ms   (${(cpu / Number(values.seconds)).toFixed(2)} cores)`,
      );
    }
  } finally {
    await system.stop();
  }
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const { busyMs, functions, packages } = selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
    const share = (ms: number) => `${((100 * ms) / busyMs).toFixed(1).padStart(5)}%`;
    say(`\n== ${file.replace(/\.cpuprofile$/, '')}: ${(busyMs / 1000).toFixed(1)} s on CPU in the window, by package:`);
    for (const [pkg, ms] of packages.slice(0, 14)) say(`  ${share(ms)}  ${pkg}`);
    say('  hottest functions (self time):');
    for (const [name, ms] of functions.slice(0, 20)) say(`  ${share(ms)}  ${name.slice(0, 150)}`);
  }
}

main().catch((error: unknown) => {
  say(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
