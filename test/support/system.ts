import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createKafka } from '@parkledger/messaging';
import { freePort, freshDatabase, testInfra, type TestDatabase } from '@parkledger/testing';
import { generateSignerKey, parseSignerKey } from '@parkledger/tlog';
import { type Kafka } from 'kafkajs';
import { provisionSql } from '../../scripts/infra/database';
import { devPassword, SERVICE_ENV, SERVICE_NODE_ARGS, SERVICES } from '../../scripts/infra/services';
import { nodeMismatch } from '../../scripts/node-version';

const root = join(__dirname, '..', '..');

export type ServiceName = 'gateway' | 'park-registry' | 'project-pipeline' | 'fund-ledger' | 'policy-awards' | 'audit';

export interface RunningSystem {
  /** the gateway, e.g. http://127.0.0.1:41234 */
  base: string;
  kafka: Kafka;
  topicPrefix: string;
  db: TestDatabase;
  /** the verifier key of the audit log's checkpoints (their origin: parkledger.local/audit) */
  auditKey: string;
  /** its signer key: what a test forging a checkpoint signs with, as a dishonest operator would */
  auditSigner: string;
  services: Record<ServiceName, ServiceProcess>;
  /** what a service printed so far */
  output(service: ServiceName): string;
  /** the process ids of the services */
  pids(): Record<ServiceName, number>;
  /**
   * Stops every service and starts them all again with `everyServiceEnv` over each one's environment,
   * from now on (e.g. tracing turned on, then off with '').
   */
  restart(everyServiceEnv: Record<string, string>): Promise<void>;
  /** another project-pipeline on a database of its own, with its own consumer group, on the same topics */
  startRebuild(label: string): Promise<{ db: TestDatabase; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** One service's process: started from its build, on fixed ports, so it can be killed and started again. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private printed = '';

  constructor(
    readonly name: ServiceName,
    private env: Record<string, string>,
    readonly httpPort: number,
    /** options for node itself, e.g. --prof */
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  output(): string {
    return this.printed;
  }

  /**
   * Starts the process and waits until /health/ready answers 200; `env` goes over its environment,
   * for this start and the ones after (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`, and '' to unset it).
   */
  async start(env: Record<string, string> = {}): Promise<void> {
    this.env = { ...this.env, ...env };
    const main = join(root, 'services', this.name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test does)`);
    // the service runs on this process's Node (process.execPath): the pinned one, or none
    const wrongNode = nodeMismatch();
    if (wrongNode !== undefined) throw new Error(wrongNode);
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, ...this.nodeArgs, main], {
      env: { ...SERVICE_ENV, ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    dieWithThisProcess(child);
    child.stdout?.on('data', (chunk: Buffer) => (this.printed += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.printed += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${this.httpPort}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} did not become ready:\n${this.printed.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running()) this.child?.kill(signal);
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT'); // a paused process cannot shut down
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]); // unref: no open handle once it exited
    if (this.running()) await this.kill();
  }
}

/**
 * The services started here die with this process, however it ends (but SIGKILL): an orphaned
 * service keeps its relay and consumers running, and after a killed bench two of them burned 18% and
 * 26% of a core each until found, skewing every measurement after.
 */
const liveChildren = new Set<ChildProcess>();
let reaperInstalled = false;

function dieWithThisProcess(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (reaperInstalled) return;
  reaperInstalled = true;
  const killAll = () => {
    for (const running of liveChildren) running.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal); // then end as the signal would have
    });
  }
}

/** The whole system of this file's own: a fresh database with the services' roles, topics of its own. */
export async function startSystem(
  label: string,
  gatewayEnv: Record<string, string> = {},
  nodeArgs: (service: ServiceName) => string[] = () => [],
  /** for every service, e.g. OTEL_EXPORTER_OTLP_ENDPOINT */
  everyServiceEnv: Record<string, string> = {},
): Promise<RunningSystem> {
  const infra = await testInfra();
  const db = await freshDatabase(`e2e_${label}`);
  await db.pool(1).query(provisionSql(db.name));
  const topicPrefix = `pltest.e2e-${label}.${randomBytes(3).toString('hex')}.`;
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    ...everyServiceEnv,
  };
  const grpcService = async (name: Exclude<ServiceName, 'gateway'>, database: string, extra = {}) => {
    const [http, grpc] = [await freePort(), await freePort()];
    const role = SERVICES.find((service) => service.name === name)?.dbRole ?? name;
    const env = {
      ...common,
      PG_HOST: infra.postgres.host,
      PG_PORT: String(infra.postgres.port),
      PG_DATABASE: database,
      HTTP_PORT: String(http),
      GRPC_URL: `127.0.0.1:${grpc}`,
      PG_USER: role,
      PG_PASSWORD: devPassword(role),
      KAFKA_CLIENT_ID: `${name}-e2e`,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ...extra,
    };
    return { service: new ServiceProcess(name, env, http, nodeArgs(name)), grpc: env.GRPC_URL };
  };
  const registry = await grpcService('park-registry', db.name);
  const pipeline = await grpcService('project-pipeline', db.name);
  const ledger = await grpcService('fund-ledger', db.name);
  const awards = await grpcService('policy-awards', db.name);
  // the audit log, with a key of this system's own, and checkpoints a test need not wait long for
  const auditSigner = generateSignerKey('parkledger.local/audit');
  const audit = await grpcService('audit', db.name, { AUDIT_SIGNING_KEY: auditSigner, AUDIT_CHECKPOINT_SECONDS: '1' });
  const gatewayHttp = await freePort();
  const gateway = new ServiceProcess(
    'gateway',
    {
      ...common,
      HTTP_PORT: String(gatewayHttp),
      PARK_REGISTRY_GRPC_URL: registry.grpc,
      PROJECT_PIPELINE_GRPC_URL: pipeline.grpc,
      FUND_LEDGER_GRPC_URL: ledger.grpc,
      POLICY_AWARDS_GRPC_URL: awards.grpc,
      AUDIT_GRPC_URL: audit.grpc,
      KAFKA_CLIENT_ID: 'gateway-e2e',
      BODY_LIMIT_BYTES: '16384',
      ...gatewayEnv,
    },
    gatewayHttp,
    nodeArgs('gateway'),
  );
  const services = {
    'park-registry': registry.service,
    'project-pipeline': pipeline.service,
    'fund-ledger': ledger.service,
    'policy-awards': awards.service,
    audit: audit.service,
    gateway,
  };
  const behindTheGateway = [registry.service, pipeline.service, ledger.service, awards.service, audit.service];
  // the services behind the gateway together (each is ready on its own schema), then the gateway;
  // stopped the other way round
  const startAll = async (env?: Record<string, string>) => {
    // every start settled before a failure is thrown, so that stopping them races none
    const started = await Promise.allSettled(behindTheGateway.map((service) => service.start(env)));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    await gateway.start(env);
  };
  const stopAll = async () => {
    await gateway.stop();
    await Promise.all(behindTheGateway.map((service) => service.stop()));
  };
  try {
    await startAll();
  } catch (error) {
    await stopAll();
    await db.drop();
    throw error;
  }
  return {
    base: `http://127.0.0.1:${gatewayHttp}`,
    kafka: createKafka({ brokers: infra.kafkaBrokers, clientId: `e2e-${label}` }),
    topicPrefix,
    db,
    auditKey: parseSignerKey(auditSigner).verifier.text,
    auditSigner,
    services,
    output: (service) => services[service].output(),
    pids: () => ({
      gateway: services.gateway.pid,
      'park-registry': services['park-registry'].pid,
      'project-pipeline': services['project-pipeline'].pid,
      'fund-ledger': services['fund-ledger'].pid,
      'policy-awards': services['policy-awards'].pid,
      audit: services.audit.pid,
    }),
    async restart(everyServiceEnv) {
      await stopAll();
      await startAll(everyServiceEnv);
    },
    async startRebuild(rebuildLabel) {
      const rebuildDb = await freshDatabase(`e2e_${rebuildLabel}`);
      await rebuildDb.pool(1).query(provisionSql(rebuildDb.name));
      const { service } = await grpcService('project-pipeline', rebuildDb.name, {
        KAFKA_GROUP_PREFIX: `${topicPrefix}${rebuildLabel}.`,
        KAFKA_CLIENT_ID: `project-pipeline-${rebuildLabel}`,
      });
      await service.start();
      return {
        db: rebuildDb,
        async stop() {
          await service.stop();
          await rebuildDb.drop();
        },
      };
    },
    async stop() {
      await stopAll();
      await db.drop();
    },
  };
}
