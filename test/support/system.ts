import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createKafka } from '@parkledger/messaging';
import { freshDatabase, testInfra, type TestDatabase } from '@parkledger/testing';
import { type Kafka } from 'kafkajs';
import { provisionSql } from '../../scripts/infra/database';
import { devPassword } from '../../scripts/infra/services';

const root = join(__dirname, '..', '..');

export interface RunningSystem {
  /** the gateway, e.g. http://127.0.0.1:41234 */
  base: string;
  kafka: Kafka;
  topicPrefix: string;
  db: TestDatabase;
  /** what a service printed so far */
  output(service: 'gateway' | 'park-registry' | 'project-pipeline'): string;
  /** the process ids of the services */
  pids(): Record<'gateway' | 'park-registry' | 'project-pipeline', number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Started {
  process: ChildProcess;
  output: () => string;
}

async function startService(name: string, env: Record<string, string>, httpPort: number): Promise<Started> {
  const main = join(root, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test does)`);
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { process: child, output: () => output };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopService(started: Started | undefined): Promise<void> {
  if (started === undefined || started.process.exitCode !== null) return;
  const exited = new Promise((resolve) => started.process.once('exit', resolve));
  started.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (started.process.exitCode === null) started.process.kill('SIGKILL');
}

/** The whole system of this file's own: a fresh database with the services' roles, topics of its own. */
export async function startSystem(label: string, gatewayEnv: Record<string, string> = {}): Promise<RunningSystem> {
  const infra = await testInfra();
  const db = await freshDatabase(`e2e_${label}`);
  await db.pool(1).query(provisionSql(db.name));
  const topicPrefix = `pltest.e2e-${label}.${randomBytes(3).toString('hex')}.`;
  const [registryHttp, registryGrpc, pipelineHttp, pipelineGrpc, gatewayHttp] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PG_HOST: infra.postgres.host,
    PG_PORT: String(infra.postgres.port),
    PG_DATABASE: db.name,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
  };
  const started: Started[] = [];
  try {
    started.push(
      await startService(
        'park-registry',
        {
          ...common,
          HTTP_PORT: String(registryHttp),
          GRPC_URL: `127.0.0.1:${registryGrpc}`,
          PG_USER: 'park_registry',
          PG_PASSWORD: devPassword('park_registry'),
          KAFKA_CLIENT_ID: 'park-registry-e2e',
          KAFKA_TOPIC_PREFIX: topicPrefix,
        },
        registryHttp,
      ),
    );
    started.push(
      await startService(
        'project-pipeline',
        {
          ...common,
          HTTP_PORT: String(pipelineHttp),
          GRPC_URL: `127.0.0.1:${pipelineGrpc}`,
          PG_USER: 'project_pipeline',
          PG_PASSWORD: devPassword('project_pipeline'),
          KAFKA_CLIENT_ID: 'project-pipeline-e2e',
          KAFKA_TOPIC_PREFIX: topicPrefix,
        },
        pipelineHttp,
      ),
    );
    started.push(
      await startService(
        'gateway',
        {
          ...common,
          HTTP_PORT: String(gatewayHttp),
          PARK_REGISTRY_GRPC_URL: `127.0.0.1:${registryGrpc}`,
          PROJECT_PIPELINE_GRPC_URL: `127.0.0.1:${pipelineGrpc}`,
          PG_USER: 'gateway',
          PG_PASSWORD: devPassword('gateway'),
          KAFKA_CLIENT_ID: 'gateway-e2e',
          BODY_LIMIT_BYTES: '16384',
          ...gatewayEnv,
        },
        gatewayHttp,
      ),
    );
  } catch (error) {
    await Promise.all(started.map(stopService));
    await db.drop();
    throw error;
  }
  const [registry, pipeline, gateway] = started;
  return {
    base: `http://127.0.0.1:${gatewayHttp}`,
    kafka: createKafka({ brokers: infra.kafkaBrokers, clientId: `e2e-${label}` }),
    topicPrefix,
    db,
    output: (service) =>
      ({ gateway, 'park-registry': registry, 'project-pipeline': pipeline })[service]?.output() ?? '',
    pids: () => ({
      gateway: gateway?.process.pid ?? 0,
      'park-registry': registry?.process.pid ?? 0,
      'project-pipeline': pipeline?.process.pid ?? 0,
    }),
    async stop() {
      await stopService(gateway);
      await stopService(pipeline);
      await stopService(registry);
      await db.drop();
    },
  };
}
