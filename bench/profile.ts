// npm run bench:profile [-- --seconds 20 --connections 32]: runs B1's write (register-project through
// the gateway) against services started under V8's sampling profiler, then prints each service's
// hottest functions (self time) and where its time goes by package. The raw logs stay in
// bench/results/profile/ for `node --prof-process` or a flame-graph tool.
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDemo } from '../scripts/demo/load';
import { devToken } from '../scripts/token';
import { startSystem } from '../test/support/system';

const root = join(__dirname, '..');
const dir = join(root, 'bench', 'results', 'profile');
const say = (line: string) => process.stdout.write(`profile: ${line}\n`);

interface Tick {
  ticks: number;
  name: string;
}

/** The bottom-up table of `node --prof-process`, as (self ticks, function) rows. */
function hottest(log: string): { total: number; rows: Tick[] } {
  const result = spawnSync(process.execPath, ['--prof-process', log], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const lines = result.stdout.split('\n');
  const total = Number(/\((\d+) ticks/.exec(result.stdout)?.[1] ?? 0);
  const rows: Tick[] = [];
  let inSection = false;
  for (const line of lines) {
    if (/^ \[(JavaScript|C\+\+)\]:/.test(line)) {
      inSection = true;
      continue;
    }
    if (/^ \[(Summary|C\+\+ entry points|Bottom up)/.test(line)) inSection = false;
    const match = /^\s+(\d+)\s+[\d.]+%\s+[\d.]+%\s+(.*)$/.exec(line);
    if (inSection && match !== null) rows.push({ ticks: Number(match[1]), name: match[2] ?? '' });
  }
  return { total, rows: rows.sort((a, b) => b.ticks - a.ticks) };
}

/** Time by where the code lives: a package under node_modules, our own code, node itself, or V8/C++. */
function byPackage(rows: Tick[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const { ticks, name } of rows) {
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1] ??
      /\/(libs|services)\/([^/]+)\//.exec(name)?.slice(1, 3).join('/') ??
      (/node:/.test(name) ? 'node' : /\.(js|ts):/.test(name) ? 'other js' : 'v8 / c++ / native');
    sums.set(pkg, (sums.get(pkg) ?? 0) + ticks);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '32' } },
  });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (
    spawnSync(
      'npx',
      [
        'tsc',
        '-b',
        'services/gateway/tsconfig.app.json',
        'services/park-registry/tsconfig.app.json',
        'services/project-pipeline/tsconfig.app.json',
      ],
      { cwd: root, stdio: 'inherit' },
    ).status !== 0
  ) {
    throw new Error('build failed');
  }
  const system = await startSystem('profile', { RATE_LIMIT_PER_MINUTE: '1000000' }, (service) => [
    '--prof',
    '--no-logfile-per-isolate',
    `--logfile=${join(dir, `${service}.log`)}`,
  ]);
  try {
    say('loading the demo world');
    const parks = await loadDemo(system.base);
    const admin = devToken('admin', [], 'profile');
    const enterprises = (await (
      await fetch(`${system.base}/api/v1/enterprises?limit=1`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { items: { id: string }[] };
    say(`register-project at ${values.connections} connections for ${values.seconds} s`);
    const result = await autocannon({
      url: `${system.base}/api/v1/projects`,
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        parkId: parks['heze-port'],
        enterpriseId: enterprises.items[0]?.id,
        industryField: 'biological-medicine',
        nameZh: '基准项目',
        nameEn: 'Benchmark project',
        plannedInvestment: { amount: '100000000.00', currency: 'CNY' },
        effectiveOn: '2025-01-01',
      }),
      connections: Number(values.connections),
      duration: Number(values.seconds),
    });
    say(`${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx`);
  } finally {
    await system.stop();
  }
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.log'))) {
    const { total, rows } = hottest(join(dir, file));
    say(`\n== ${file.replace(/\.log$/, '')}: ${total} ticks`);
    for (const [pkg, ticks] of byPackage(rows).slice(0, 12)) {
      say(`  ${((100 * ticks) / Math.max(total, 1)).toFixed(1).padStart(5)}%  ${pkg}`);
    }
    say('  hottest functions (self):');
    for (const { ticks, name } of rows.slice(0, 15)) {
      say(`  ${((100 * ticks) / Math.max(total, 1)).toFixed(1).padStart(5)}%  ${name.slice(0, 140)}`);
    }
  }
}

main().catch((error: unknown) => {
  say(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
