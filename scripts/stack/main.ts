// Starts and stops the built services of parkledger as background processes, each with its own
// database role, and prints where to look. Used by `npm start` and `npm stop`.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaBrokers } from '../infra/kafka';
import { InfraError, isAlive, lastLines, readPid, sleep, stopPid } from '../infra/process-tools';
import { devPassword, grpcUrl, SERVICE_ENV, SERVICE_NODE_ARGS, SERVICES, type ServiceSpec } from '../infra/services';
import { infraSettings, repoRoot, type InfraSettings } from '../infra/settings';
import { nodeMismatch } from '../node-version';
import { devAuditSigningKey } from './audit-key';

const step = (message: string): void => void process.stdout.write(`stack: ${message}\n`);

const built = (service: ServiceSpec): string => join(repoRoot, 'services', service.name, 'dist', 'main.js');
const present = (): ServiceSpec[] =>
  SERVICES.filter((service) => existsSync(join(repoRoot, 'services', service.name, 'package.json')));

function files(settings: InfraSettings, service: ServiceSpec) {
  const dir = join(settings.stateDir, 'services');
  mkdirSync(dir, { recursive: true });
  return { pid: join(dir, `${service.name}.pid`), log: join(dir, `${service.name}.log`) };
}

function environment(settings: InfraSettings, service: ServiceSpec): NodeJS.ProcessEnv {
  return {
    ...SERVICE_ENV,
    ...(service.name === 'audit' ? { AUDIT_SIGNING_KEY: devAuditSigningKey(settings.stateDir).signer } : {}),
    ...process.env,
    NODE_ENV: 'development',
    HTTP_PORT: String(service.httpPort),
    ...(service.dbRole === undefined
      ? {}
      : {
          PG_HOST: settings.postgres.host,
          PG_PORT: String(settings.postgres.port),
          PG_DATABASE: settings.postgres.database,
          PG_USER: service.dbRole,
          PG_PASSWORD: devPassword(service.dbRole),
        }),
    KAFKA_BROKERS: kafkaBrokers(settings),
    KAFKA_CLIENT_ID: service.name,
    ...(service.grpcPort === undefined ? {} : { GRPC_URL: `127.0.0.1:${service.grpcPort}` }),
    ...(service.name === 'gateway'
      ? {
          PARK_REGISTRY_GRPC_URL: grpcUrl('park-registry'),
          PROJECT_PIPELINE_GRPC_URL: grpcUrl('project-pipeline'),
          FUND_LEDGER_GRPC_URL: grpcUrl('fund-ledger'),
          POLICY_AWARDS_GRPC_URL: grpcUrl('policy-awards'),
          AUDIT_GRPC_URL: grpcUrl('audit'),
        }
      : {}),
  };
}

async function ready(service: ServiceSpec): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${service.httpPort}/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

async function start(settings: InfraSettings): Promise<void> {
  // the services run on this process's Node (process.execPath)
  const wrongNode = nodeMismatch();
  if (wrongNode !== undefined) throw new InfraError(wrongNode);
  for (const service of present()) {
    const { pid: pidFile, log } = files(settings, service);
    const running = readPid(pidFile);
    if (running !== undefined && isAlive(running)) {
      step(`${service.name} already running (pid ${running})`);
      continue;
    }
    if (!existsSync(built(service)))
      throw new InfraError(`${service.name} is not built (${built(service)} is missing)`);
    const out = openSync(log, 'a');
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, built(service)], {
      env: environment(settings, service),
      detached: true,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    writeFileSync(pidFile, `${child.pid}\n`);
    child.unref();
    step(`starting ${service.name} (pid ${child.pid}), logs in ${log}`);
    const deadline = Date.now() + 60_000;
    while (!(await ready(service))) {
      if (child.pid === undefined || !isAlive(child.pid) || Date.now() > deadline) {
        throw new InfraError(`${service.name} did not become ready:\n${lastLines(log, 15)}`);
      }
      await sleep(250);
    }
  }
  const gateway = SERVICES.find((service) => service.name === 'gateway');
  const url = `http://127.0.0.1:${gateway?.httpPort ?? 3000}`;
  process.stdout.write(
    [
      '',
      'parkledger is up.',
      `  REST API      ${url}/api/v1`,
      `  Swagger UI    ${url}/docs`,
      `  OpenAPI spec  ${url}/openapi.json`,
      `  AsyncAPI      ${url}/asyncapi.json (the events on Kafka)`,
      `  Metrics       ${url}/metrics`,
      `  Health        ${url}/health/ready`,
      `  Kafka         ${kafkaBrokers(settings)}`,
      `  Postgres      ${settings.postgres.host}:${settings.postgres.port}/${settings.postgres.database}`,
      `  Logs          ${join(settings.stateDir, 'services')}`,
      `  Audit key     ${devAuditSigningKey(settings.stateDir).verifier} (verifies the audit log's checkpoints)`,
      '',
      'Stop everything with: npm stop',
      '',
    ].join('\n'),
  );
}

async function stop(settings: InfraSettings): Promise<void> {
  for (const service of [...present()].reverse()) {
    const { pid: pidFile } = files(settings, service);
    const pid = readPid(pidFile);
    if (pid !== undefined && isAlive(pid)) {
      step(`stopping ${service.name} (pid ${pid})`);
      await stopPid(pid, 'SIGTERM', 15_000);
    }
    rmSync(pidFile, { force: true });
  }
}

const command = process.argv[2];
const settings = infraSettings();
(command === 'start'
  ? start(settings)
  : command === 'stop'
    ? stop(settings)
    : Promise.reject(new InfraError('usage: stack start|stop'))
).catch((error: unknown) => {
  process.stderr.write(`stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
