import { readTopic } from '@parkledger/testing';
import { type Kafka } from 'kafkajs';
import { type Pool } from 'pg';
import { type AggregateRow, type Facts, type OutboxRow, type WriteRecord } from './checker';
import { SIGNED_ON } from './load';

/** A fault window: writes started and events committed between `from` and the next window's `from`. */
export interface Window {
  label: string;
  from: number;
}

export const TOPICS = [
  'parkledger.parks.v1',
  'parkledger.enterprises.v1',
  'parkledger.settlements.v1',
  'parkledger.projects.v1',
  'parkledger.funds.v1',
];
/** the topics the project pipeline's read model consumes */
export const CONSUMED = new Set(['parkledger.parks.v1', 'parkledger.enterprises.v1']);

const BUSINESS_TABLES = [
  { aggregateType: 'park', table: 'park_registry.parks', name: 'name_en' },
  { aggregateType: 'enterprise', table: 'park_registry.enterprises', name: 'name' },
  { aggregateType: 'settlement', table: 'park_registry.settlements', name: 'id::text' },
  { aggregateType: 'project', table: 'project_pipeline.projects', name: 'name_en' },
  { aggregateType: 'fund', table: 'fund_ledger.funds', name: 'name_en' },
];

/** The fund ledger's invariants, each query a row per breach. */
const LEDGER_CHECKS = [
  {
    what: 'debits differ from credits',
    sql: `SELECT e.fund_id || ' entry ' || e.id || ': ' || p.currency || ' off by ' || sum(p.amount) AS breach
            FROM fund_ledger.journal_entries e JOIN fund_ledger.postings p ON p.entry_id = e.id
           GROUP BY e.fund_id, e.id, p.currency HAVING sum(p.amount) <> 0`,
  },
  {
    // on any day, not only today: the running sum of a floored account's days
    what: 'a limit exceeded',
    sql: `SELECT fund_id || ' ' || account || ' at ' || running || ' on ' || day AS breach
            FROM (SELECT fund_id, account, day,
                         sum(net) OVER (PARTITION BY fund_id, account, currency ORDER BY day) AS running
                    FROM fund_ledger.account_days
                   WHERE account ~ '^(cash$|unfunded:|receivable:|investment:)') AS days
           WHERE running < 0`,
  },
  {
    what: 'a balance that is not the sum of its postings',
    sql: `SELECT b.fund_id || ' ' || b.account || ': ' || b.balance || ' <> ' || coalesce(s.total, 0) AS breach
            FROM fund_ledger.account_balances b
            LEFT JOIN (SELECT e.fund_id, p.account, p.currency, sum(p.amount) AS total
                         FROM fund_ledger.journal_entries e JOIN fund_ledger.postings p ON p.entry_id = e.id
                        GROUP BY e.fund_id, p.account, p.currency) s
              ON s.fund_id = b.fund_id AND s.account = b.account AND s.currency = b.currency
           WHERE b.balance <> coalesce(s.total, 0)`,
  },
  {
    what: "a day's partner flows that are not what their accounts moved",
    sql: `SELECT fund_id || ' on ' || day || ': ' || coalesce(f.net, 0) || ' <> ' || coalesce(d.net, 0) AS breach
            FROM fund_ledger.partner_flow_days f
            FULL JOIN (SELECT fund_id, day, sum(net) AS net FROM fund_ledger.account_days
                        WHERE account ~ '^(commitment|unfunded|receivable|distributed):'
                        GROUP BY fund_id, day) d USING (fund_id, day)
           WHERE coalesce(f.net, 0) <> coalesce(d.net, 0)`,
  },
];

const READ_MODEL = [
  'SELECT id, parent_id, name_en, removed, version FROM project_pipeline.known_parks',
  'SELECT id, name, version FROM project_pipeline.known_enterprises',
];

export function windowAt(windows: readonly Window[], time: number): string {
  let label = 'setup';
  for (const window of windows) if (time >= window.from) label = window.label;
  return label;
}

/**
 * The pipeline's consumer of the registry's topics, whatever its group prefix: its other consumer
 * (the public-support read model, of the funds and awards topics) shares the inbox table.
 */
const REGISTRY_CONSUMER = `consumer LIKE '%project-pipeline.registry-read-model'`;

/** How many events the pipeline's consumer of the registry's topics applied in this database. */
export async function applied(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM project_pipeline.inbox WHERE ${REGISTRY_CONSUMER}`,
  );
  return rows[0]?.n ?? 0;
}

/** What the outboxes have not published yet, what they committed on the consumed topics, and what was applied. */
export async function progress(
  pool: Pool,
  topicPrefix: string,
): Promise<{ unpublished: number; toConsume: number; applied: number }> {
  const { rows } = await pool.query<{ unpublished: number; to_consume: number }>(
    `SELECT ((SELECT count(*) FROM park_registry.outbox WHERE published_at IS NULL)
           + (SELECT count(*) FROM project_pipeline.outbox WHERE published_at IS NULL)
           + (SELECT count(*) FROM fund_ledger.outbox WHERE published_at IS NULL))::int AS unpublished,
            (SELECT count(*) FROM park_registry.outbox WHERE topic = ANY($1))::int AS to_consume`,
    [[...CONSUMED].map((topic) => `${topicPrefix}${topic}`)],
  );
  return { unpublished: rows[0]?.unpublished ?? 0, toConsume: rows[0]?.to_consume ?? 0, applied: await applied(pool) };
}

/** Everything the checker needs, read after the system drained. */
export async function collectFacts(options: {
  pool: Pool;
  rebuild: Pool;
  kafka: Kafka;
  topicPrefix: string;
  writes: WriteRecord[];
  windows: Window[];
}): Promise<Facts> {
  const { pool, writes, windows } = options;
  const labelOf = new Map<string, string>();
  for (const write of writes) {
    if (write.entityId !== undefined) labelOf.set(write.entityId, write.label);
    if (write.kind !== 'sign') labelOf.set(write.identity, write.label);
  }

  const found = new Map<string, number>();
  const aggregates: AggregateRow[] = [];
  const byName = new Map<string, number>();
  for (const { aggregateType, table, name } of BUSINESS_TABLES) {
    const { rows } = await pool.query<{ id: string; name: string; version: string }>(
      `SELECT id, ${name} AS name, version FROM ${table}`,
    );
    for (const row of rows) {
      byName.set(row.name, (byName.get(row.name) ?? 0) + 1);
      const label = labelOf.get(row.id) ?? labelOf.get(row.name) ?? 'setup';
      aggregates.push({ aggregateType, id: row.id, version: Number(row.version), label });
    }
  }
  const { rows: signed } = await pool.query<{ id: string }>(
    'SELECT id FROM project_pipeline.projects WHERE signed_on = $1',
    [SIGNED_ON],
  );
  const signedIds = new Set(signed.map((row) => row.id));
  const { rows: fees } = await pool.query<{ memo: string; n: number }>(
    "SELECT memo, count(*)::int AS n FROM fund_ledger.journal_entries WHERE operation = 'fee' GROUP BY memo",
  );
  const feesByMemo = new Map(fees.map((row) => [row.memo, row.n]));
  for (const write of writes) {
    found.set(
      write.key,
      write.kind === 'sign'
        ? Number(signedIds.has(write.identity))
        : write.kind === 'fee'
          ? (feesByMemo.get(write.identity) ?? 0)
          : (byName.get(write.identity) ?? 0),
    );
  }
  const ledgerBroken: string[] = [];
  for (const { what, sql } of LEDGER_CHECKS) {
    const { rows } = await pool.query<{ breach: string }>(sql);
    ledgerBroken.push(...rows.map((row) => `${what}: ${row.breach}`));
  }

  const outbox: OutboxRow[] = [];
  for (const schema of ['park_registry', 'project_pipeline', 'fund_ledger']) {
    const { rows } = await pool.query<{
      event_id: string;
      topic: string;
      aggregate_type: string;
      aggregate_id: string;
      aggregate_version: string;
      occurred: number;
    }>(
      `SELECT event_id, topic, aggregate_type, aggregate_id, aggregate_version,
              extract(epoch FROM occurred_at) * 1000 AS occurred
         FROM ${schema}.outbox`,
    );
    for (const row of rows) {
      outbox.push({
        eventId: row.event_id,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
        version: Number(row.aggregate_version),
        label: windowAt(windows, Number(row.occurred)),
        consumed: CONSUMED.has(row.topic.slice(options.topicPrefix.length)),
      });
    }
  }

  const onKafka = new Map<string, number>();
  for (const topic of TOPICS) {
    for (const record of await readTopic(options.kafka, `${options.topicPrefix}${topic}`)) {
      const id = record.headers.ce_id ?? '';
      onKafka.set(id, (onKafka.get(id) ?? 0) + 1);
    }
  }

  const { rows: inboxRows } = await pool.query<{ event_id: string; deliveries: number }>(
    `SELECT event_id, deliveries FROM project_pipeline.inbox WHERE ${REGISTRY_CONSUMER}`,
  );
  const inbox = new Map(inboxRows.map((row) => [row.event_id, row.deliveries]));

  let readModelDifferences = 0;
  for (const query of READ_MODEL) {
    const live = new Set((await pool.query(query)).rows.map((row) => JSON.stringify(row)));
    const rebuilt = new Set((await options.rebuild.query(query)).rows.map((row) => JSON.stringify(row)));
    for (const row of live) if (!rebuilt.has(row)) readModelDifferences += 1;
    for (const row of rebuilt) if (!live.has(row)) readModelDifferences += 1;
  }

  return {
    labels: ['setup', ...windows.map((window) => window.label)],
    writes,
    found,
    aggregates,
    outbox,
    onKafka,
    inbox,
    readModelDifferences,
    ledgerBroken,
  };
}
