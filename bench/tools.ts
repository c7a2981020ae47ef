import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kafka } from 'kafkajs';
import { Client } from 'pg';
import { groupLag } from '@parkledger/messaging';
import { freePort, testInfra } from '@parkledger/testing';
import { loadDemo } from '../scripts/demo/load';
import { SERVICE_ENV, SERVICE_NODE_ARGS } from '../scripts/infra/services';
import { KAFKA_VERSION, infraSettings } from '../scripts/infra/settings';
import { devToken } from '../scripts/token';
import { startSystem, type RunningSystem } from '../test/support/system';
import { unusedResultsName } from './results-file';

/** Runs a command to the end and returns what it printed. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output.slice(-2000)}`)),
    );
  });
}

/** An administrator's connection to the system's database, for pgbench and the set-up of references. */
export interface AdminDb {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** The tables pgbench's business write and outbox row go to, made where missing. */
export async function pgbenchTables(db: AdminDb): Promise<void> {
  const client = new Client(db);
  await client.connect();
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_business (id bigserial PRIMARY KEY, name text); CREATE TABLE IF NOT EXISTS bench_outbox (position bigserial PRIMARY KEY, payload bytea, created_at timestamptz DEFAULT now())',
  );
  await client.end();
}

/** pgbench's TPS for BEGIN; INSERT a row; INSERT an outbox row; COMMIT at a concurrency. */
export async function pgbenchTps(db: AdminDb, clients: number, seconds: number): Promise<number> {
  const script = join(tmpdir(), 'parkledger-bench.sql');
  writeFileSync(
    script,
    [
      'BEGIN;',
      "INSERT INTO bench_business (name) VALUES ('a project');",
      "INSERT INTO bench_outbox (payload) VALUES ('\\x0a2430313932');",
      'COMMIT;',
      '',
    ].join('\n'),
  );
  const output = await run(
    'pgbench',
    [
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      script,
      '-h',
      db.host,
      '-p',
      String(db.port),
      '-U',
      db.user,
      db.database,
    ],
    { PGPASSWORD: db.password },
  );
  const match = /tps = ([\d.]+)/.exec(output);
  if (match?.[1] === undefined) throw new Error(`pgbench printed no tps: ${output}`);
  return Number(match[1]);
}

function kafkaJava(tool: string, args: string[]): Promise<string> {
  const jars = join(infraSettings().cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  return run('java', [
    '-Xmx512m',
    '-Dlog4j2.level=WARN',
    '-cp',
    `${jars}/*`,
    `org.apache.kafka.tools.${tool}`,
    ...args,
  ]);
}

/** kafka-producer-perf-test: records/s with acks=all. */
export async function producerPerf(
  brokers: string,
  topic: string,
  records: number,
  recordSize: number,
): Promise<number> {
  const output = await kafkaJava('ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'enable.idempotence=true',
  ]);
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => line.includes('records sent'));
  const match = /([\d.]+) records\/sec/.exec(lines[lines.length - 1] ?? '');
  if (match?.[1] === undefined) throw new Error(`ProducerPerformance printed no rate: ${output.slice(-1000)}`);
  return Number(match[1]);
}

/** kafka-consumer-perf-test: messages/s reading `messages` from a topic. */
export async function consumerPerf(brokers: string, topic: string, messages: number, group: string): Promise<number> {
  const output = await kafkaJava('ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(messages),
    '--group',
    group,
    '--hide-header',
  ]);
  const line = output
    .trim()
    .split('\n')
    .find((l) => /^\d{4}-\d{2}-\d{2}/.test(l));
  const value = line?.split(',')[5]?.trim();
  if (value === undefined) throw new Error(`ConsumerPerformance printed no rate: ${output.slice(-1000)}`);
  return Number(value);
}

/** CPU seconds a process has used so far, user and system; 0 once it is gone. */
function used(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime, in USER_HZ ticks
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each group of processes: the services, Postgres, Kafka, and this process (the load). */
export function cpuSeconds(services: Record<string, number>): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const [name, pid] of Object.entries(services)) groups[name] = used(pid);
  groups.load = used(process.pid);
  groups.postgres = 0;
  groups.kafka = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let command = '';
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (command.startsWith('postgres')) groups.postgres += used(Number(entry));
    else if (command.includes('kafka.Kafka')) groups.kafka += used(Number(entry));
  }
  return groups;
}

/** CPU seconds the whole machine has been busy since it started: every core, all but idle and iowait (/proc/stat). */
export function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100; // USER_HZ ticks
}

/** Runs `work`, and reads how many of the machine's cores were busy meanwhile, whatever kept them busy. */
export async function busyWhile<T>(work: () => Promise<T>): Promise<{ result: T; cores: number }> {
  const [busy, started] = [machineBusySeconds(), performance.now()];
  const result = await work();
  return { result, cores: (machineBusySeconds() - busy) / ((performance.now() - started) / 1000) };
}

/**
 * CPU seconds used so far by Postgres's processes, by whom they serve: a backend's title
 * ("postgres: <role> <database> <host>(<port>) <state>") names its role, so each service's
 * connections add up under its database role; the server's own processes (checkpointer, WAL
 * writer, autovacuum) under `server`. A backend that ended between two readings takes its CPU with
 * it: pooled connections live through a window, so a difference of two readings is close.
 */
export function postgresSecondsByRole(): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone
    }
    if (!title.startsWith('postgres')) continue;
    const who = /^postgres: (\S+) \S+ (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1] ?? 'server';
    seconds[who] = (seconds[who] ?? 0) + used(Number(entry));
  }
  return seconds;
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const cores = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const memory = Math.round(
    Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024,
  );
  return `${cores} cores (${cpu}), ${memory} GiB, Node ${process.version}, Linux`;
}

/** Builds the services the benchmarks start. */
export function buildServices(root: string): void {
  const projects = ['gateway', 'park-registry', 'project-pipeline', 'fund-ledger', 'policy-awards', 'audit'].map(
    (name) => `services/${name}/tsconfig.app.json`,
  );
  if (spawnSync('npx', ['tsc', '-b', ...projects], { cwd: root, stdio: 'inherit' }).status !== 0) {
    throw new Error('build failed');
  }
}

/**
 * Builds B1's plain-NestJS reference (bench/reference) with tsc: ValidationPipe and Nest's injection
 * need the decorator metadata that tsx and esbuild do not emit.
 */
export function buildReference(root: string): void {
  if (spawnSync('npx', ['tsc', '-p', 'bench/reference/tsconfig.json'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    throw new Error('build of bench/reference failed');
  }
}

/** The plain-NestJS reference, running. */
export interface Reference {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  pid: number;
  /** what it printed so far */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; idempotent */
  stop(): Promise<void>;
}

/** Starts the built reference, one process with the services' heap ceiling, and waits until it answers. */
export async function startReference(
  root: string,
  db: { host: string; port: number; user: string; password: string; database: string },
  jwtSecret: string,
): Promise<Reference> {
  const main = join(root, 'bench', 'reference', 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build it first (buildReference)`);
  const port = await freePort();
  const user = encodeURIComponent(db.user);
  const password = encodeURIComponent(db.password);
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, main], {
    env: {
      ...SERVICE_ENV,
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `postgresql://${user}:${password}@${db.host}:${db.port}/${encodeURIComponent(db.database)}`,
      JWT_SECRET: jwtSecret,
      JWT_ISSUER: 'parkledger',
      JWT_AUDIENCE: 'parkledger-api',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const running = () => child.exitCode === null && child.signalCode === null;
  const reference: Reference = {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    output: () => printed,
    stop: async () => {
      if (!running()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (running()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${reference.base}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) return reference;
    if (Date.now() > deadline || !running()) {
      await reference.stop();
      throw new Error(`the bench reference did not start:\n${printed.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * B1's write sent to the reference instead: the same headers (bearer token) and body. One write
 * must answer 201 and one with an unknown field 400, or the reference is not doing B1's work.
 */
export async function referenceWrite(write: Write, base: string): Promise<Write> {
  const url = `${base}/api/v1/projects`;
  const send = (body: string) => fetch(url, { method: 'POST', headers: write.headers, body });
  const written = await send(write.body);
  if (written.status !== 201) {
    throw new Error(`the bench reference answered B1's write ${written.status}: ${await written.text()}`);
  }
  const unknownField = await send(JSON.stringify({ ...(JSON.parse(write.body) as object), unknownField: true }));
  if (unknownField.status !== 400) {
    throw new Error(`the bench reference let an unknown field through (${unknownField.status}): is validation on?`);
  }
  return { ...write, url, keyed: false }; // the reference keeps no idempotency keys
}

/** B1's write: register a project in Heze's port through the gateway, as admin. */
export interface Write {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** each request carries an Idempotency-Key of its own, as a careful client's writes do */
  keyed: boolean;
}

/** autocannon's options for sending `write` over and over; a keyed write gets a fresh key each time. */
export function loadOf(write: Write): autocannon.Options {
  const options = { url: write.url, method: 'POST' as const, headers: write.headers, body: write.body };
  if (!write.keyed) return options;
  const run = randomUUID();
  let sent = 0;
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    sent += 1;
    return { ...request, headers: { ...request.headers, 'idempotency-key': `bench-${run}-${sent}` } };
  };
  return { ...options, requests: [{ setupRequest }] };
}

/** What an open-model load saw: each write's latency (ms, from the time it was due) and the failures. */
export interface OpenLoadResult {
  latenciesMs: number[];
  non2xx: number;
  errors: number;
}

/** A write of the open model unanswered after this long counts as an error, so a run always ends. */
const OPEN_LOAD_TIMEOUT_MS = 30_000;

/**
 * An open-model load: `rate` writes a second, evenly spaced, each sent when it is due whether or not
 * the ones before were answered. (autocannon's rate only caps each connection's requests in a
 * second: its connections send them back to back at the start of the second, a burst at full
 * concurrency.) A write's latency runs from the time it was due, so a sender that falls behind
 * can't hide the wait.
 */
export async function openLoad(
  write: Write,
  rate: number,
  seconds: number,
  /** called with each 2xx answer's body as it ends */
  onAnswer?: (body: string) => void,
): Promise<OpenLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(write.url);
  const run = randomUUID();
  const result: OpenLoadResult = { latenciesMs: [], non2xx: 0, errors: 0 };
  const send = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const headers = {
        ...write.headers,
        'content-length': String(Buffer.byteLength(write.body)),
        ...(write.keyed ? { 'idempotency-key': `open-${run}-${n}` } : {}),
      };
      const failed = () => {
        result.errors += 1;
        resolve();
      };
      const sent = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers,
          timeout: OPEN_LOAD_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => onAnswer !== undefined && chunks.push(chunk));
          response.on('error', failed);
          response.on('end', () => {
            result.latenciesMs.push(performance.now() - due);
            const ok = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) <= 299;
            if (!ok) result.non2xx += 1;
            else onAnswer?.(Buffer.concat(chunks).toString());
            resolve();
          });
        },
      );
      sent.on('timeout', () => sent.destroy(new Error('no answer in time')));
      sent.on('error', failed);
      sent.end(write.body);
    });
  const start = performance.now();
  const answered: Promise<void>[] = [];
  for (let n = 0; n < Math.round(rate * seconds); n += 1) {
    const due = start + (n * 1000) / rate;
    const early = due - performance.now();
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    answered.push(send(n, due));
  }
  await Promise.all(answered);
  agent.destroy();
  return result;
}

/**
 * Waits until every consumer group of the system (its groups carry its topic prefix) has read all its
 * topics to the end, twice in a row 200 ms apart: what one phase of load left behind no longer takes
 * the machine's CPU from the next. Throws after `ms`.
 */
export async function drained(kafka: Kafka, prefix: string, ms: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const lag = async (): Promise<bigint> => {
    const { groups } = await admin.listGroups();
    let behind = 0n;
    for (const { groupId } of groups.filter((group) => group.groupId.startsWith(prefix))) {
      behind += await groupLag(admin, groupId);
    }
    return behind;
  };
  try {
    let settled = 0;
    for (const deadline = Date.now() + ms; settled < 2;) {
      if (Date.now() > deadline) throw new Error(`the system's consumers were still behind after ${ms / 1000} s`);
      settled = (await lag()) === 0n ? settled + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Loads the demo world into a running system; returns its parks and B1's write against it. */
export async function benchWorld(
  base: string,
  subject: string,
): Promise<{ parks: Record<string, string>; write: Write }> {
  const parks = await loadDemo(base);
  const admin = devToken('admin', [], subject);
  const enterprises = (await (
    await fetch(`${base}/api/v1/enterprises?limit=1`, { headers: { authorization: `Bearer ${admin}` } })
  ).json()) as { items: { id: string }[] };
  const write = {
    url: `${base}/api/v1/projects`,
    keyed: true,
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
  };
  return { parks, write };
}

/** The repetitions each figure is the median of. */
export const BENCH_REPS = 3;

/**
 * Writes a run's figures to bench/results/<day>[-<name>].json and its table to .md (with -2, -3, ...
 * after a run of the same day and name), and prints the table: the same for `npm run bench` and for
 * a part of it run alone.
 */
export function writeResults(
  root: string,
  results: { machine: string; date: string; quick: boolean },
  rows: readonly string[],
  reps: number,
  name?: string,
): void {
  const day = results.date.slice(0, 10);
  const markdown = [
    `Measured ${day} on ${results.machine}${results.quick ? ' (quick run)' : ''}. Median of ${reps} runs (min–max).`,
    '',
    '| # | what | parkledger | reference, same run | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = unusedResultsName(dir, name === undefined ? day : `${day}-${name}`);
  writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, `${file}.md`), markdown);
  process.stdout.write(`\n${markdown}\nbench: wrote bench/results/${file}.json and .md\n`);
}

/** What a bench run alone needs: the running system, the infra's admin login, and how to say things. */
export interface AloneContext {
  system: RunningSystem;
  adminDb: AdminDb;
  quick: boolean;
  say: (line: string) => void;
}

/**
 * Starts Kafka and Postgres if they are not running, and deletes the topics earlier test and bench
 * runs left (`npm run infra -- prune`): a bench runs alone, and every run leaves hundreds.
 */
export function infraUp(root: string): void {
  for (const command of ['up', 'prune']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/infra/main.ts'), command], {
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`infra ${command} failed`);
  }
}

/**
 * A part of `npm run bench` run alone (`npm run bench:funds`, `bench:awards`): the infra up, the
 * services built, a system of its own started, and its rows written to
 * bench/results/<date>-<name>.json and .md.
 */
export function benchAlone(
  name: string,
  measure: (context: AloneContext) => Promise<{ results: object; rows: string[] }>,
): void {
  const run = async (): Promise<void> => {
    const quick = process.argv.includes('--quick');
    const root = join(__dirname, '..');
    const say = (line: string) => process.stdout.write(`bench: ${line}\n`);
    infraUp(root);
    say('building the services');
    buildServices(root);
    const infra = await testInfra();
    const system = await startSystem(`bench_${name}`, { RATE_LIMIT_PER_MINUTE: '1000000' });
    try {
      const adminDb = {
        host: infra.postgres.host,
        port: infra.postgres.port,
        user: infra.postgres.user,
        password: infra.postgres.password,
        database: system.db.name,
      };
      const { results, rows } = await measure({ system, adminDb, quick, say });
      writeResults(
        root,
        { machine: machine(), date: new Date().toISOString(), quick, ...results },
        rows,
        BENCH_REPS,
        name,
      );
    } finally {
      await system.stop();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
