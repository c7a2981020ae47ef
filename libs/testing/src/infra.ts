import { spawnSync } from 'node:child_process';
import { Client, type ClientConfig } from 'pg';

/** Where the tests' Postgres and Kafka are: containers when a Docker engine answers, else the local infra. */
export interface TestInfra {
  source: 'testcontainers' | 'local';
  postgres: { host: string; port: number; user: string; password: string };
  kafkaBrokers: string[];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Test set-up never touches a broker that is not on this machine. */
export function assertTestBrokers(brokers: readonly string[]): void {
  for (const broker of brokers) {
    const host = broker.slice(0, broker.lastIndexOf(':'));
    if (!LOOPBACK.test(host))
      throw new Error(`refusing to run tests against broker ${broker}: not a local test broker`);
  }
}

/** Test set-up only creates, uses and drops databases named pltest_*. */
export function assertTestDatabase(name: string): void {
  if (!/^pltest_[a-z0-9_]+$/.test(name))
    throw new Error(`refusing to use database "${name}": not a test database (pltest_*)`);
}

function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 5000 });
  return result.status === 0 && result.stdout.trim() !== '';
}

async function containers(): Promise<TestInfra> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const password = 'pltest';
  const postgres = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_USER: 'pltest', POSTGRES_PASSWORD: password })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withReuse()
    .start();
  const kafka = await new GenericContainer('apache/kafka:4.1.2')
    .withExposedPorts({ container: 9092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:19092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withReuse()
    .start();
  return {
    source: 'testcontainers',
    postgres: { host: postgres.getHost(), port: postgres.getMappedPort(5432), user: 'pltest', password },
    kafkaBrokers: [`127.0.0.1:${kafka.getMappedPort(9092)}`],
  };
}

function local(): TestInfra {
  return {
    source: 'local',
    postgres: {
      host: process.env.PG_HOST ?? '127.0.0.1',
      port: Number(process.env.PG_PORT ?? 5433),
      user: process.env.PG_ADMIN_USER ?? 'parkledger_admin',
      password: process.env.PG_ADMIN_PASSWORD ?? 'parkledger_admin',
    },
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`).split(','),
  };
}

let cached: Promise<TestInfra> | undefined;

/**
 * Finds the test infrastructure or fails loudly: a test that needs Postgres and Kafka never
 * skips because they are missing.
 */
export function testInfra(): Promise<TestInfra> {
  cached ??= (async () => {
    const infra = dockerAnswers() ? await containers() : local();
    assertTestBrokers(infra.kafkaBrokers);
    const client = new Client({ ...adminConfig(infra, 'postgres'), connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `no test infrastructure: no Docker engine answered and Postgres at ${infra.postgres.host}:${infra.postgres.port} refused (${
          error instanceof Error ? error.message : String(error)
        }). Run \`npm run infra -- up\` first (npm test does).`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
    return infra;
  })();
  return cached;
}

export function adminConfig(infra: TestInfra, database: string): ClientConfig {
  const { host, port, user, password } = infra.postgres;
  return { host, port, user, password, database };
}
