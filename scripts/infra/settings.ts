import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

export const KAFKA_VERSION = '4.1.2';
export const LOG4J_VERSION = '2.24.3';
export const POSTGRES_MAJOR = '15';

/** Where the local infrastructure lives and listens; every value can be overridden by the environment. */
export interface InfraSettings {
  stateDir: string;
  cacheDir: string;
  kafka: { host: string; port: number; controllerPort: number; heap: string };
  /**
   * The three-broker cluster (`npm run infra -- up --brokers 3`): node n listens on port + 2(n-1),
   * its controller on the port after; apart from the one broker's ports and state, so both can run.
   */
  kafka3: { host: string; port: number; heap: string };
  postgres: {
    host: string;
    port: number;
    database: string;
    adminUser: string;
    adminPassword: string;
    binDir: string | undefined;
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number, highest = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > highest) {
    throw new Error(`${name} must be a TCP port (1-${highest}), got "${raw}"`);
  }
  return value;
}

export function infraSettings(env: NodeJS.ProcessEnv = process.env): InfraSettings {
  const checkout = createHash('sha1').update(repoRoot).digest('hex').slice(0, 8);
  const cacheHome = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return {
    // Outside the work tree and readable by the postgres user when we run as root.
    stateDir: env.PARKLEDGER_STATE_DIR ?? `/var/tmp/parkledger-${checkout}`,
    cacheDir: env.PARKLEDGER_CACHE_DIR ?? join(cacheHome, 'parkledger'),
    kafka: {
      host: '127.0.0.1',
      port: port(env, 'KAFKA_PORT', 9092),
      controllerPort: port(env, 'KAFKA_CONTROLLER_PORT', 9093),
      heap: env.KAFKA_HEAP ?? '1g',
    },
    kafka3: {
      host: '127.0.0.1',
      // its six ports must all be ports
      port: port(env, 'KAFKA3_PORT', 29092, 65535 - 5),
      heap: env.KAFKA3_HEAP ?? '512m',
    },
    postgres: {
      host: '127.0.0.1',
      port: port(env, 'PG_PORT', 5433),
      database: env.PG_DATABASE ?? 'parkledger',
      adminUser: env.PG_ADMIN_USER ?? 'parkledger_admin',
      adminPassword: env.PG_ADMIN_PASSWORD ?? 'parkledger_admin',
      binDir: env.PG_BIN,
    },
  };
}

/** How many Kafka brokers: the one-broker default, or a three-node cluster as production runs it. */
export type BrokerCount = 1 | 3;

export interface KafkaNode {
  /** node.id, 1.. */
  id: number;
  port: number;
  controllerPort: number;
}

/** One local Kafka: its nodes (each a broker and a KRaft controller) and how it replicates. */
export interface KafkaCluster {
  brokers: BrokerCount;
  /** its directory under the state dir, and its name in messages: kafka, kafka-3 */
  name: string;
  host: string;
  nodes: KafkaNode[];
  heap: string;
  /** what every topic gets: the default for created topics and the internal topics' factor */
  replicationFactor: number;
  /** the replicas an acks=all write needs in sync */
  minInsyncReplicas: number;
}

export function kafkaCluster(settings: InfraSettings, brokers: BrokerCount = 1): KafkaCluster {
  if (brokers === 1) {
    const { host, port: only, controllerPort, heap } = settings.kafka;
    return {
      brokers,
      name: 'kafka',
      host,
      nodes: [{ id: 1, port: only, controllerPort }],
      heap,
      replicationFactor: 1,
      minInsyncReplicas: 1,
    };
  }
  const { host, port: first, heap } = settings.kafka3;
  return {
    brokers,
    name: 'kafka-3',
    host,
    nodes: [1, 2, 3].map((id) => ({ id, port: first + 2 * (id - 1), controllerPort: first + 2 * (id - 1) + 1 })),
    heap,
    // a write acknowledged by acks=all is on two replicas at least, so one broker lost loses none
    replicationFactor: 3,
    minInsyncReplicas: 2,
  };
}

/** host:port of every broker, comma-separated: what the services' KAFKA_BROKERS takes. */
export function clusterBrokers(cluster: KafkaCluster): string {
  return cluster.nodes.map((node) => `${cluster.host}:${node.port}`).join(',');
}

/** Reads `--brokers 1|3` from an infra command's value. */
export function brokerCount(raw: string | undefined): BrokerCount {
  if (raw === undefined || raw === '1') return 1;
  if (raw === '3') return 3;
  throw new Error(`--brokers must be 1 or 3, got "${raw}"`);
}
