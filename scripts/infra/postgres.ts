import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { provisionSql } from './database';
import { POSTGRES_MAJOR, type InfraSettings } from './settings';
import { assertPortFree, fail, isAlive, lastLines, readPid, reason, step, stopPid, waitUntil } from './process-tools';

const paths = (settings: InfraSettings) => {
  const home = join(settings.stateDir, 'postgres');
  return { home, data: join(home, 'data'), run: join(home, 'run'), log: join(home, 'postgres.log') };
};

function binDir(settings: InfraSettings): string {
  const candidates = [settings.postgres.binDir, `/usr/lib/postgresql/${POSTGRES_MAJOR}/bin`];
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  for (const dir of candidates) {
    if (dir === undefined || !existsSync(join(dir, 'initdb'))) continue;
    const version = spawnSync(join(dir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '';
    if (new RegExp(`\\) ${POSTGRES_MAJOR}\\.`).test(version)) return dir;
  }
  return fail(`PostgreSQL ${POSTGRES_MAJOR} binaries not found (install postgresql-${POSTGRES_MAJOR} or set PG_BIN)`);
}

interface RunAs {
  uid: number | undefined;
  gid: number | undefined;
  prefix: string[];
}

/** initdb and postgres refuse root: as root we run them as the postgres user. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { uid: undefined, gid: undefined, prefix: [] };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    fail(
      'running as root needs a "postgres" user to own the cluster (initdb refuses root); create one or run as a normal user',
    );
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout), prefix: ['runuser', '-u', 'postgres', '--'] };
}

function run(as: RunAs, command: string, args: string[]): { status: number; output: string } {
  const [exe, ...rest] = [...as.prefix, command, ...args];
  const result = spawnSync(exe as string, rest, { encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function ownedDir(dir: string, as: RunAs, mode = 0o700): void {
  mkdirSync(dir, { recursive: true, mode });
  if (as.uid !== undefined && as.gid !== undefined) chownSync(dir, as.uid, as.gid);
}

function postmasterPid(settings: InfraSettings): number | undefined {
  return readPid(join(paths(settings).data, 'postmaster.pid'));
}

function initCluster(settings: InfraSettings, bin: string, as: RunAs): void {
  const p = paths(settings);
  mkdirSync(settings.stateDir, { recursive: true, mode: 0o755 });
  ownedDir(p.home, as, 0o755);
  ownedDir(p.run, as, 0o755);
  const pwfile = join(p.home, 'admin.pw');
  writeFileSync(pwfile, `${settings.postgres.adminPassword}\n`, { mode: 0o600 });
  if (as.uid !== undefined && as.gid !== undefined) chownSync(pwfile, as.uid, as.gid);
  step(`initialising a PostgreSQL ${POSTGRES_MAJOR} cluster in ${p.data}`);
  const init = run(as, join(bin, 'initdb'), [
    '-D',
    p.data,
    '-U',
    settings.postgres.adminUser,
    `--pwfile=${pwfile}`,
    '--auth-local=scram-sha-256',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  rmSync(pwfile, { force: true });
  if (init.status !== 0) fail(`initdb failed: ${init.output.split('\n').pop() ?? ''}`);
  writeFileSync(
    join(p.data, 'postgresql.auto.conf'),
    ['max_connections = 300', "shared_buffers = '256MB'", "log_min_messages = 'warning'", ''].join('\n'),
  );
  if (as.uid !== undefined && as.gid !== undefined) chownSync(join(p.data, 'postgresql.auto.conf'), as.uid, as.gid);
}

export function adminClient(settings: InfraSettings, database = settings.postgres.database): Client {
  const { host, port, adminUser, adminPassword } = settings.postgres;
  return new Client({ host, port, user: adminUser, password: adminPassword, database, connectionTimeoutMillis: 2000 });
}

async function provision(settings: InfraSettings): Promise<void> {
  const { database } = settings.postgres;
  const admin = adminClient(settings, 'postgres');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const db = adminClient(settings);
  await db.connect();
  try {
    await db.query(provisionSql(database));
  } finally {
    await db.end();
  }
}

export async function postgresUp(settings: InfraSettings): Promise<void> {
  const p = paths(settings);
  const bin = binDir(settings);
  const as = runAs();
  const running = postmasterPid(settings);
  if (running !== undefined && isAlive(running)) {
    step(`postgres already running (pid ${running}) on ${settings.postgres.host}:${settings.postgres.port}`);
  } else {
    assertPortFree(settings.postgres.port);
    if (!existsSync(join(p.data, 'PG_VERSION'))) initCluster(settings, bin, as);
    step(`starting postgres on ${settings.postgres.host}:${settings.postgres.port}`);
    const start = run(as, join(bin, 'pg_ctl'), [
      '-D',
      p.data,
      '-l',
      p.log,
      '-o',
      `-p ${settings.postgres.port} -h ${settings.postgres.host} -k ${p.run}`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    if (start.status !== 0) {
      const reason = lastLines(p.log, 20)
        .split('\n')
        .filter((l) => /FATAL|ERROR/.test(l))
        .pop();
      fail(`postgres did not start: ${reason ?? start.output.split('\n').pop() ?? ''}`);
    }
  }
  await waitUntil('postgres accepting connections', 30_000, async () => {
    const client = adminClient(settings, 'postgres');
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      return reason(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  });
  await provision(settings);
  step(`postgres ready: database "${settings.postgres.database}" with a role and schema per service`);
}

export async function postgresDown(settings: InfraSettings): Promise<void> {
  const pid = postmasterPid(settings);
  if (pid === undefined || !isAlive(pid)) {
    step('postgres not running');
    return;
  }
  step(`stopping postgres (pid ${pid})`);
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
  await stopPid(pid, 'SIGINT', 60_000);
}

/** What `pg_ctl stop -m immediate` does: SIGQUIT, no checkpoint; the next start runs crash recovery. */
export async function postgresCrash(settings: InfraSettings): Promise<void> {
  const pid = postmasterPid(settings);
  if (pid === undefined || !isAlive(pid)) {
    step('postgres not running');
    return;
  }
  step(`stopping postgres immediately (pid ${pid}): open connections are cut, nothing is checkpointed`);
  await stopPid(pid, 'SIGQUIT', 30_000);
}

export function postgresStatus(settings: InfraSettings): string {
  const pid = postmasterPid(settings);
  return pid !== undefined && isAlive(pid)
    ? `postgres  running  pid ${pid}  ${settings.postgres.host}:${settings.postgres.port}`
    : 'postgres  stopped';
}

export function postgresState(settings: InfraSettings): string {
  return paths(settings).home;
}
