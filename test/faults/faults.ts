import { crashKafkaBroker, crashPostgres, startKafka, startPostgres, stopKafka } from '@parkledger/testing';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { type Pool } from 'pg';
import { type RunningSystem, type ServiceName } from '../support/system';
import { sleep } from '@parkledger/messaging';
import { SERVICES } from '../../scripts/infra/services';
import { infraSettings, kafkaCluster } from '../../scripts/infra/settings';
import { type Seeded } from './seeded';

/**
 * The fault suite runs on a three-broker Kafka, as production does (replication factor 3,
 * min.insync.replicas 2, `npm run infra -- up --brokers 3`), so that one broker can die under it.
 */
export const FAULT_SUITE_BROKERS = 3;

export const FAULTS = [
  'kill-service',
  'kill-relay',
  'kafka-stop',
  'kill-broker',
  'postgres-crash',
  'pause-consumer',
  'kill-audit',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultContext {
  system: RunningSystem;
  seeded: Seeded;
  /** the admin pool on the system's database */
  pool: Pool;
  /** how long Kafka stays down and the consumer stays paused */
  outageMs: number;
  say: (line: string) => void;
}

/** A service's schema: its database role's name. */
function schemaOf(name: ServiceName): string {
  const role = SERVICES.find((service) => service.name === name)?.dbRole;
  if (role === undefined) throw new Error(`no database role for ${name}`);
  return role;
}

/** Injects one fault and undoes it; returns what it did, for the report. */
export async function inject(fault: Fault, context: FaultContext): Promise<string> {
  const { system, seeded, outageMs, say } = context;
  switch (fault) {
    case 'kill-service': {
      const name = seeded.pick<ServiceName>([
        'gateway',
        'park-registry',
        'project-pipeline',
        'fund-ledger',
        'policy-awards',
      ]);
      const down = seeded.between(200, 2000);
      await system.services[name].kill();
      say(`SIGKILL ${name}; restarting in ${down} ms`);
      await sleep(down);
      return `SIGKILL ${name}, restarted after ${await restart(system, name)}`;
    }
    case 'kill-relay': {
      const name = seeded.pick<ServiceName>(['park-registry', 'project-pipeline', 'fund-ledger', 'policy-awards']);
      const stranded = await holdRelayBetweenSendAndMark(context.pool, schemaOf(name), () =>
        system.services[name].kill(),
      );
      say(`SIGKILL ${name} while its relay had ${stranded} events on Kafka, not yet marked published`);
      return `SIGKILL ${name} with ${stranded} events sent and unmarked, restarted after ${await restart(system, name)}`;
    }
    case 'kafka-stop': {
      const started = Date.now();
      await stopKafka(FAULT_SUITE_BROKERS);
      say(`Kafka stopped (all ${FAULT_SUITE_BROKERS} brokers); starting it again in ${outageMs / 1000} s`);
      await sleep(outageMs - (Date.now() - started));
      await startKafka(FAULT_SUITE_BROKERS);
      return `Kafka (all ${FAULT_SUITE_BROKERS} brokers) down ${((Date.now() - started) / 1000).toFixed(1)} s`;
    }
    case 'kill-broker': {
      // one that leads some of the run's partitions, so that its death moves leadership: right after
      // kafka-stop one broker leads them all until Kafka's preferred-leader check (every 5 min) spreads them
      const { leaders, partitions, summary } = await runPartitions(system.kafka, system.topicPrefix);
      const node = seeded.pick([...leaders.keys()].sort());
      const led = `${leaders.get(node) ?? 0} of the run's ${partitions} partitions`;
      // down longer than broker.session.timeout.ms (9 s): the controller fences it and its partitions
      // get new leaders while writes go on
      const down = seeded.between(10_000, 20_000);
      await crashKafkaBroker(node);
      const died = Date.now();
      say(
        `SIGKILL broker ${node} of ${FAULT_SUITE_BROKERS}, leader of ${led} (${summary}); restarting it in ${down} ms`,
      );
      await sleep(down);
      const restarted = Date.now();
      await startKafka(FAULT_SUITE_BROKERS);
      return `SIGKILL broker ${node} of ${FAULT_SUITE_BROKERS} (leader of ${led}), restarted after ${((restarted - died) / 1000).toFixed(1)} s, back with every partition in sync ${((Date.now() - restarted) / 1000).toFixed(1)} s later`;
    }
    case 'postgres-crash': {
      const started = Date.now();
      await crashPostgres();
      const down = seeded.between(1000, 5000);
      say(`Postgres stopped immediately; starting it again in ${down} ms`);
      await sleep(down);
      await startPostgres();
      return `Postgres -m immediate, down ${((Date.now() - started) / 1000).toFixed(1)} s`;
    }
    case 'pause-consumer': {
      const consumer = system.services['project-pipeline'];
      const caught = await whileWaiting(
        context.pool,
        [`INSERT INTO "project_pipeline".inbox%`],
        'project_pipeline.inbox',
        () => Promise.resolve(consumer.signal('SIGSTOP')),
      );
      say(`SIGSTOP project-pipeline (a read-model consumer) in the middle of a batch, for ${outageMs / 1000} s`);
      await sleep(outageMs);
      consumer.signal('SIGCONT');
      return `SIGSTOP project-pipeline mid-batch (${caught}) ${outageMs / 1000} s, then SIGCONT`;
    }
    case 'kill-audit': {
      // the statement of its ingest it dies in: before its deliveries, its entries or its tree's nodes land
      // (a small batch writes them in one statement, a large one with COPY ... FROM STDIN a table;
      // either waits on the lock as an insert would)
      const table = seeded.pick(['deliveries', 'entries', 'nodes']);
      const statements = [`COPY ${table} (%`, `WITH%INSERT INTO ${table} (%`];
      const down = seeded.between(200, 2000);
      const caught = await whileWaiting(context.pool, statements, `audit.${table}`, async () => {
        await system.services.audit.kill();
        // a killed client's statement still runs when the lock goes: end its backend, as a crash would
        for (const { pid } of await waiting(context.pool, statements)) {
          await context.pool.query('SELECT pg_terminate_backend($1)', [pid]);
        }
      });
      say(`SIGKILL audit in the middle of an ingest transaction (${caught}); restarting in ${down} ms`);
      await sleep(down);
      return `SIGKILL audit mid-ingest (${caught}), restarted after ${await restart(system, 'audit')}`;
    }
  }
}

/**
 * The run's partitions and how many each broker leads. Throws when a topic of the run is not
 * replicated as the cluster promises (a replica on each broker, two needed in sync for a write):
 * then a broker's death could lose what it held, and the fault would prove nothing.
 */
async function runPartitions(
  kafka: Kafka,
  topicPrefix: string,
): Promise<{ leaders: Map<number, number>; partitions: number; summary: string }> {
  const { replicationFactor, minInsyncReplicas } = kafkaCluster(infraSettings(), FAULT_SUITE_BROKERS);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const partitions = metadata.flatMap((topic) => topic.partitions);
    const few = partitions.filter((partition) => partition.replicas.length !== replicationFactor).length;
    if (few > 0) throw new Error(`${few} of the run's partitions do not have ${replicationFactor} replicas`);
    const { resources } = await admin.describeConfigs({
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
      includeSynonyms: false,
    });
    const loose = resources.filter(
      (topic) =>
        topic.configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue !==
        String(minInsyncReplicas),
    );
    if (loose.length > 0) {
      throw new Error(
        `min.insync.replicas is not ${minInsyncReplicas} on ${loose.map((topic) => topic.resourceName).join(', ')}`,
      );
    }
    const leaders = new Map<number, number>();
    for (const { leader } of partitions) if (leader >= 0) leaders.set(leader, (leaders.get(leader) ?? 0) + 1);
    const summary = `each partition on ${replicationFactor} brokers, min.insync.replicas ${minInsyncReplicas}`;
    return { leaders, partitions: partitions.length, summary };
  } finally {
    await admin.disconnect();
  }
}

async function restart(system: RunningSystem, name: ServiceName): Promise<string> {
  const started = Date.now();
  await system.services[name].start();
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/**
 * Catches the relay between publishing a batch and marking it: row locks on the unpublished rows
 * let its SELECT and its send go through but hold its UPDATE; once Postgres shows that UPDATE
 * waiting, `kill` runs. A killed client's statement still runs when the locks go, so its backend
 * is terminated first: the batch stays unmarked, as if the process died before the UPDATE was
 * sent. Returns how many rows were held.
 */
async function holdRelayBetweenSendAndMark(pool: Pool, schema: string, kill: () => Promise<void>): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const deadline = Date.now() + 30_000;
    let held = 0;
    for (;;) {
      const locked = await client.query(
        `SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL FOR UPDATE SKIP LOCKED`,
      );
      held += locked.rowCount ?? 0;
      if (held > 0 && (await waiting(pool, [`UPDATE "${schema}".outbox SET published_at%`])).length > 0) break;
      if (Date.now() > deadline) throw new Error(`the ${schema} relay never tried to mark ${held} held rows`);
      await sleep(20);
    }
    await kill();
    for (const { pid } of await waiting(pool, [`UPDATE "${schema}".outbox SET published_at%`])) {
      await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    }
    return held;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/**
 * Holds `table` against writes until a statement like one of `statements` waits for it, runs `act`
 * (a process caught in the middle of that statement's transaction), then lets the statement go on.
 */
async function whileWaiting(
  pool: Pool,
  statements: readonly string[],
  table: string,
  act: () => Promise<void>,
): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${table} IN SHARE MODE`);
    const deadline = Date.now() + 30_000;
    let caught: { query: string }[] = [];
    while ((caught = await waiting(pool, statements)).length === 0) {
      if (Date.now() > deadline) throw new Error(`nothing tried ${statements.join(' or ')} within 30 s`);
      await sleep(20);
    }
    await act();
    return `caught waiting on ${table} in ${(caught[0]?.query ?? '').replace(/\s+/g, ' ').slice(0, 40)}…`;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/** The backends of this database waiting for a lock in a statement like one of `patterns`, and the statement. */
async function waiting(pool: Pool, patterns: readonly string[]): Promise<{ pid: number; query: string }[]> {
  const { rows } = await pool.query<{ pid: number; query: string }>(
    `SELECT pid, query FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ANY($1::text[])`,
    [patterns],
  );
  return rows;
}
