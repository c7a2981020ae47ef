import { randomBytes } from 'node:crypto';
import {
  createKafka,
  groupLag,
  IdempotentConsumer,
  type EventPublisher,
  type OutboundRecord,
} from '@parkledger/messaging';
import { createLogger } from '@parkledger/platform';
import { isReadModel, type ReadModelConsumer } from '@parkledger/service-kit';
import { type Admin, type Kafka } from 'kafkajs';
import { Client, Pool } from 'pg';
import { differences, type TableDiff } from './read-model-diff';
import { compareTable } from './read-model-table';
import { type DatabaseLogin, type ReplayedService } from './replayed-services';

/** The live system a replay compares against: its database (through a role that may create one) and broker. */
export interface LiveSystem {
  postgres: DatabaseLogin;
  brokers: string[];
  topicPrefix: string;
  /** the live consumers' groups are this and the consumer's name */
  groupPrefix: string;
}

/** An event the rebuild could not apply, which its consumer would have sent to the dead-letter topic. */
export interface SetAside {
  consumer: string;
  topic: string;
  partition: string;
  offset: string;
  type: string;
  reason: string;
}

export interface ServiceReport {
  service: string;
  replayed: { consumer: string; tables: TableDiff[] }[];
  notReplayed: { consumer: string; why: string }[];
}

export interface ReplayReport {
  /** the database the read models were rebuilt in, dropped unless kept; none when no consumer is a read model */
  rebuiltIn: string | undefined;
  kept: boolean;
  services: ServiceReport[];
  setAside: SetAside[];
}

/** Why a replay could not run to its comparison (no such topic or schema, a timeout). Exit code 3. */
export class ReplayError extends Error {
  override name = 'ReplayError';
}

/**
 * Where a rebuild's consumers send what they would dead-letter: here, never to Kafka. A replay
 * publishes nothing; what it sets aside is reported.
 */
class SetAsidePublisher implements EventPublisher {
  readonly records: SetAside[] = [];

  publish(records: readonly OutboundRecord[]): Promise<void> {
    for (const { headers } of records) {
      this.records.push({
        consumer: headers.dlq_consumer ?? '',
        topic: headers.dlq_topic ?? '',
        partition: headers.dlq_partition ?? '',
        offset: headers.dlq_offset ?? '',
        type: headers.ce_type ?? '(undecodable)',
        reason: headers.dlq_reason ?? '',
      });
    }
    return Promise.resolve();
  }

  reachable(): Promise<boolean> {
    return Promise.resolve(true);
  }

  outage(): boolean {
    return false;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Replayed {
  declared: ReadModelConsumer;
  /** the live consumer's group */
  liveGroup: string;
  /** the rebuild's group */
  group: string;
  topics: string[];
}

/** A database name from the live one: `<live>_replay_<8 hex>`, within Postgres's 63 characters. */
function rebuildName(live: string): string {
  const base = live
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  return `${base}_replay_${randomBytes(4).toString('hex')}`;
}

async function withClient<T>(login: DatabaseLogin, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...login, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs the services' migrations in a fresh database, each in its own schema, as the services do at start-up. */
export async function migrateSchemas(login: DatabaseLogin, services: readonly ReplayedService[]): Promise<void> {
  for (const service of services) {
    await withClient(login, (client) => client.query(`CREATE SCHEMA "${service.schema}"`));
    const dataSource = service.dataSource(login);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
  }
}

/**
 * The read-model consumers of the services, in groups named `<groupPrefix><consumer>`, each writing
 * its service's schema through `poolOf`: what a service starts for them (serviceConsumers), with a
 * publisher of the caller's. Not started.
 */
export function readModelConsumers(options: {
  services: readonly ReplayedService[];
  kafka: Kafka;
  topicPrefix: string;
  groupPrefix: string;
  poolOf: (service: ReplayedService) => Pool;
  publisher: EventPublisher;
}): IdempotentConsumer[] {
  const logger = createLogger('replay', 'silent');
  return options.services.flatMap((service) =>
    service.consumers.filter(isReadModel).map(
      (declared) =>
        new IdempotentConsumer({
          consumer: `${options.groupPrefix}${declared.name}`,
          topics: declared.topics.map((topic) => `${options.topicPrefix}${topic}`),
          schema: service.schema,
          kafka: options.kafka,
          pool: options.poolOf(service),
          publisher: options.publisher,
          handle: declared.handle,
          handleRun: declared.handleRun,
          logger,
        }),
    ),
  );
}

/** The end offset of every partition of the topics, as one string: it changes when anything is produced. */
async function ends(admin: Admin, topics: readonly string[]): Promise<string> {
  const all: string[] = [];
  for (const topic of [...new Set(topics)].sort()) {
    for (const end of await admin.fetchTopicOffsets(topic)) all.push(`${topic}:${end.partition}:${end.high}`);
  }
  return all.join(' ');
}

/**
 * Rebuilds the read models of `services` from offset 0 into a fresh database on the live system's
 * Postgres, and compares them with the live ones, table by table. It reads the live database only
 * (read-only transactions) and publishes nothing: the rebuild's consumers read the live topics in
 * groups of their own (deleted at the end), and set aside what they would dead-letter. It waits
 * until the rebuild and the live consumers have both read every topic to its end, compares, and
 * when something differs and events were produced meanwhile, waits and compares again (three times
 * at most). The new database is dropped at the end, unless `keep`.
 */
export async function replay(options: {
  live: LiveSystem;
  services: readonly ReplayedService[];
  timeoutMs: number;
  keep: boolean;
  say: (line: string) => void;
}): Promise<ReplayReport> {
  const { live, services, say } = options;
  /** the services with a read model: only their schemas are checked and rebuilt */
  const rebuilt = services.filter((service) => service.consumers.some(isReadModel));
  const stamp = randomBytes(4).toString('hex');
  const kafka = createKafka({ brokers: live.brokers, clientId: `parkledger-replay-${stamp}` });
  const replayedPrefix = `${live.topicPrefix}replay.${stamp}.`;
  const replayed: Replayed[] = services.flatMap((service) =>
    service.consumers.filter(isReadModel).map((declared) => ({
      declared,
      liveGroup: `${live.groupPrefix}${declared.name}`,
      group: `${replayedPrefix}${declared.name}`,
      topics: declared.topics.map((topic) => `${live.topicPrefix}${topic}`),
    })),
  );
  if (replayed.length === 0) {
    return { rebuiltIn: undefined, kept: false, services: notReplayed(services), setAside: [] };
  }
  const admin = kafka.admin();
  const livePool = new Pool({ ...live.postgres, max: 2, options: '-c default_transaction_read_only=on' });
  livePool.on('error', () => undefined);
  const rebuild: DatabaseLogin = { ...live.postgres, database: rebuildName(live.postgres.database) };
  const pools = new Map<ReplayedService, Pool>();
  const publisher = new SetAsidePublisher();
  let consumers: IdempotentConsumer[] = [];
  let created = false;
  try {
    await admin.connect().catch((error: unknown) => {
      throw new ReplayError(`Kafka at ${live.brokers.join(',')} did not answer: ${String(error)}`);
    });
    const onBroker = new Set(await admin.listTopics());
    for (const topic of new Set(replayed.flatMap((r) => r.topics))) {
      if (!onBroker.has(topic)) {
        throw new ReplayError(`topic ${topic} is not on the broker: is --topic-prefix "${live.topicPrefix}" right?`);
      }
    }
    const { rows: schemas } = await livePool
      .query<{ schema_name: string }>(
        'SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1)',
        [rebuilt.map((service) => service.schema)],
      )
      .catch((error: unknown) => {
        throw new ReplayError(`the live database ${live.postgres.database} did not answer: ${String(error)}`);
      });
    for (const service of rebuilt) {
      if (!schemas.some((row) => row.schema_name === service.schema)) {
        throw new ReplayError(
          `the live database ${live.postgres.database} has no schema ${service.schema}: is --database right?`,
        );
      }
    }

    say(`rebuilding ${replayed.map((r) => r.declared.name).join(', ')} from offset 0 in database ${rebuild.database}`);
    await withClient(live.postgres, (client) => client.query(`CREATE DATABASE "${rebuild.database}"`));
    created = true;
    await migrateSchemas(rebuild, rebuilt);
    const poolOf = (service: ReplayedService): Pool => {
      const existing = pools.get(service);
      if (existing !== undefined) return existing;
      const pool = new Pool({ ...rebuild, max: 4, options: `-c search_path=${service.schema}` });
      pool.on('error', () => undefined);
      pools.set(service, pool);
      return pool;
    };
    consumers = readModelConsumers({
      services,
      kafka,
      topicPrefix: live.topicPrefix,
      groupPrefix: replayedPrefix,
      poolOf,
      publisher,
    });
    await Promise.all(consumers.map((consumer) => consumer.start()));

    const started = Date.now();
    let said = 0;
    /** Waits until the rebuild and the live consumers have read everything, twice in a row a second apart. */
    const caughtUp = async (): Promise<void> => {
      for (let settled = 0; settled < 2;) {
        let rebuildBehind = 0n;
        const liveBehind: string[] = [];
        for (const r of replayed) {
          rebuildBehind += await groupLag(admin, r.group, r.topics);
          const behind = await groupLag(admin, r.liveGroup, r.topics);
          if (behind > 0n) liveBehind.push(`${r.liveGroup} ${behind}`);
        }
        const seconds = Math.round((Date.now() - started) / 1000);
        const where = `the rebuild is ${rebuildBehind} records behind; ${
          liveBehind.length === 0
            ? 'the live consumers are caught up'
            : `live consumers behind: ${liveBehind.join(', ')}`
        }`;
        if (rebuildBehind === 0n && liveBehind.length === 0) {
          settled += 1;
        } else {
          settled = 0;
          if (Date.now() - said >= 5000) {
            say(`waiting (${seconds} s): ${where}`);
            said = Date.now();
          }
          if (Date.now() - started > options.timeoutMs) {
            throw new ReplayError(
              `timed out after ${seconds} s: ${where}${liveBehind.length > 0 ? ' (are the services running?)' : ''}`,
            );
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };

    // compared once nothing was produced from before the wait to after the comparison, or nothing differs
    const topics = replayed.flatMap((r) => r.topics);
    let report: ServiceReport[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const before = await ends(admin, topics);
      await caughtUp();
      report = await compare(services, livePool, poolOf);
      const moved = (await ends(admin, topics)) !== before;
      const differ = report.some((s) => s.replayed.some((c) => c.tables.some((t) => differences(t) > 0)));
      if (!moved || !differ) break;
      if (attempt === 3) {
        say('events kept arriving while comparing: some of these differences may be events in flight');
        break;
      }
      say(`events arrived while comparing: comparing again (${attempt + 1} of 3)`);
    }
    return { rebuiltIn: rebuild.database, kept: options.keep, services: report, setAside: publisher.records };
  } finally {
    for (const consumer of consumers) await consumer.stop().catch(() => undefined);
    await Promise.all([...pools.values(), livePool].map((pool) => pool.end().catch(() => undefined)));
    if (consumers.length > 0) {
      await admin.deleteGroups(replayed.map((r) => r.group)).catch(() => undefined);
    }
    await admin.disconnect().catch(() => undefined);
    if (created && !options.keep) {
      await withClient(live.postgres, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${rebuild.database}" WITH (FORCE)`),
      ).catch((error: unknown) => say(`could not drop ${rebuild.database}: ${String(error)}`));
    }
  }
}

/** The services' consumers, none replayed: each with why. */
const notReplayed = (services: readonly ReplayedService[]): ServiceReport[] =>
  services.map((service) => ({
    service: service.service,
    replayed: [],
    notReplayed: service.consumers.flatMap((declared) =>
      isReadModel(declared) ? [] : [{ consumer: declared.name, why: declared.notReplayed }],
    ),
  }));

/** Every declared consumer of the services: the replayed ones' tables compared, the others with why not. */
async function compare(
  services: readonly ReplayedService[],
  live: Pool,
  poolOf: (service: ReplayedService) => Pool,
): Promise<ServiceReport[]> {
  const report: ServiceReport[] = [];
  for (const service of services) {
    const entry: ServiceReport = { service: service.service, replayed: [], notReplayed: [] };
    for (const declared of service.consumers) {
      if (!isReadModel(declared)) {
        entry.notReplayed.push({ consumer: declared.name, why: declared.notReplayed });
        continue;
      }
      const tables: TableDiff[] = [];
      for (const table of declared.readModel) {
        tables.push(await compareTable(live, poolOf(service), service.schema, table));
      }
      entry.replayed.push({ consumer: declared.name, tables });
    }
    report.push(entry);
  }
  return report;
}
