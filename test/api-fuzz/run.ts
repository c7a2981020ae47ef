/**
 * npm run test:api-fuzz: schemathesis (`--checks all`) against /openapi.json of a system started
 * for this run alone (a fresh database and topic prefix), as an admin and as a park manager.
 * Destructive calls only ever touch objects this run created: no demo or live data is reachable.
 * Exits non-zero on any 5xx or any response that breaks the spec.
 *
 *   tsx test/api-fuzz/run.ts [--short] [--max-examples N] [--seed N]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { devToken } from '../../scripts/token';
import { call } from '../support/http';
import { startSystem } from '../support/system';
import { ensureSchemathesis } from './schemathesis-venv';
import { summarise, type FuzzSummary } from './summary';

const root = join(__dirname, '..', '..');
const say = (line: string) => process.stdout.write(`api-fuzz: ${line}\n`);

/** Runs schemathesis in the reports directory, where it keeps its own cache (.schemathesis). */
function run(binary: string, args: string[], log: string, progress: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: dirname(log),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setInterval(() => say(progress()), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      writeFileSync(log, output);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const maxExamples = Number(values['max-examples'] ?? (values.short === true ? 5 : 100));
  const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  const binary = await ensureSchemathesis(root, say);
  const reports = join(root, 'node_modules', '.cache', 'api-fuzz');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });

  say('starting a system of its own (fresh database, own topics)');
  const system = await startSystem('apifuzz', { RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const admin = devToken('admin');
    const park = await call<{ id: string }>(system.base, 'POST', '/api/v1/parks', {
      token: admin,
      body: { kind: 'park', nameZh: '模糊测试园', nameEn: 'Fuzz Park' },
    });
    if (park.status !== 201) throw new Error(`setup: POST /parks answered ${park.status}`);
    const callers = { admin, 'park-manager': devToken('park-manager', [park.body.id]) };
    const totals: FuzzSummary[] = [];
    for (const [name, token] of Object.entries(callers)) {
      const ndjson = join(reports, `${name}.ndjson`);
      say(`${name}: schemathesis --checks all --max-examples ${maxExamples} --seed ${seed}`);
      const code = await run(
        binary,
        [
          '--config-file',
          join(__dirname, 'schemathesis.toml'),
          'run',
          `${system.base}/openapi.json`,
          '--checks',
          'all',
          '--max-examples',
          String(maxExamples),
          '--seed',
          seed,
          '--workers',
          '2',
          '--request-timeout',
          '10',
          '--header',
          `Authorization: Bearer ${token}`,
          '--report',
          'ndjson',
          '--report-ndjson-path',
          ndjson,
        ],
        join(reports, `${name}.log`),
        () => {
          const now = existsSync(ndjson) ? summarise(readFileSync(ndjson, 'utf8')) : undefined;
          return `${name}: ${now?.requests ?? 0} requests so far, ${now?.serverErrors ?? 0} 5xx`;
        },
      );
      if (!existsSync(ndjson)) throw new Error(`schemathesis wrote no report (exit ${code}); see ${reports}`);
      const summary = summarise(readFileSync(ndjson, 'utf8'));
      if (summary.requests === 0) throw new Error(`schemathesis sent no requests (exit ${code}); see ${reports}`);
      totals.push(summary);
      say(
        `${name}: ${summary.requests} requests, ${summary.serverErrors} 5xx over ${summary.serverErrorOperations.length} operations, ` +
          `${summary.violations.length} spec violations (schemathesis exit ${code}; log in ${reports})`,
      );
      const findings = [
        ...summary.serverErrorOperations.map((o) => `5xx ${o}`),
        ...summary.violations,
        ...summary.runtimeErrors.map((e) => `schemathesis error (not counted) ${e}`),
      ];
      for (const line of findings.slice(0, 60)) {
        say(`  ${line}`);
      }
    }
    const requests = totals.reduce((n, s) => n + s.requests, 0);
    const serverErrors = totals.reduce((n, s) => n + s.serverErrors, 0);
    const violations = totals.reduce((n, s) => n + s.violations.length, 0);
    say(`total: ${requests} requests, ${serverErrors} 5xx, ${violations} spec violations`);
    return serverErrors === 0 && violations === 0 ? 0 : 1;
  } finally {
    await system.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`api-fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
