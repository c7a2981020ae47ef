import { auditedTopics } from '@parkledger/contracts';
import { isReadModel } from '@parkledger/service-kit';
import { type Kafka } from 'kafkajs';
import { ident } from '@parkledger/messaging';
import { type Pool } from 'pg';
import { readTopics } from '../../scripts/audit-verify/read-topics';
import { SERVICES } from '../../scripts/infra/services';
import { differences } from '../../scripts/replay/read-model-diff';
import { compareTable } from '../../scripts/replay/read-model-table';
import { CONSUMERS } from '../../services/project-pipeline/src/consumers';
import { type AggregateRow, type Facts, type OutboxRow, type WriteRecord } from './checker';
import { collectAuditFacts } from './collect-audit';
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
  'parkledger.awards.v1',
];
/** the topics the project pipeline's read model consumes */
export const CONSUMED = new Set(['parkledger.parks.v1', 'parkledger.enterprises.v1']);

const BUSINESS_TABLES = [
  { aggregateType: 'park', table: 'park_registry.parks', name: 'name_en' },
  { aggregateType: 'enterprise', table: 'park_registry.enterprises', name: 'name' },
  { aggregateType: 'settlement', table: 'park_registry.settlements', name: 'id::text' },
  { aggregateType: 'project', table: 'project_pipeline.projects', name: 'name_en' },
  { aggregateType: 'fund', table: 'fund_ledger.funds', name: 'name_en' },
  { aggregateType: 'policy', table: 'policy_awards.policies', name: 'key', id: 'key' },
  // found by the discipline of a milestone's award or the project of an application
  { aggregateType: 'award', table: 'policy_awards.awards', name: "coalesce(facts->>'discipline', facts->>'project')" },
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

/** Cap rows' keys as the awards service writes them: ["<enterprise>","<year>"]. */
const CAP_KEY = `format('["%s","%s"]', enterprise_id, to_char(award_on, 'YYYY'))`;
/** What awards stand at: granted, less what was recaptured, for those granted or paid. */
const STANDING = `SELECT policy, item, enterprise_id, award_on, granted - recaptured AS standing
                    FROM policy_awards.awards WHERE status IN ('granted', 'paid')`;

/** The awards' invariants, each query a row per breach. */
const AWARD_CHECKS = [
  {
    what: 'a cap passed',
    sql: `SELECT s.policy || ' ' || s.item || ' ' || s.key || ': ' || s.total || ' > ' || u.bound AS breach
            FROM (SELECT policy, item, ${CAP_KEY} AS key, sum(standing) AS total FROM (${STANDING}) a
                   GROUP BY 1, 2, 3) s
            JOIN policy_awards.limit_usage u ON u.policy = s.policy AND u.item = s.item AND u.key = s.key
                                            AND u."limit" = 'cap:enterprise,year'
           WHERE s.total > u.bound`,
  },
  {
    what: "a cap's usage that is not the sum of its standing awards",
    sql: `SELECT coalesce(u.policy, s.policy) || ' ' || coalesce(u.item, s.item) || ' ' || coalesce(u.key, s.key)
                 || ': ' || coalesce(u.used, 0) || ' <> ' || coalesce(s.total, 0) AS breach
            FROM (SELECT * FROM policy_awards.limit_usage WHERE "limit" = 'cap:enterprise,year') u
            FULL JOIN (SELECT policy, item, ${CAP_KEY} AS key, sum(standing) AS total FROM (${STANDING}) a
                        GROUP BY 1, 2, 3) s ON s.policy = u.policy AND s.item = u.item AND s.key = u.key
           WHERE coalesce(u.used, 0) <> coalesce(s.total, 0)`,
  },
  {
    what: "a year's budget passed, or its usage not the sum of its standing awards",
    sql: `SELECT coalesce(u.policy, s.policy) || ' ' || coalesce(u.year, s.year) || ': used ' || coalesce(u.used, 0)
                 || ', awards ' || coalesce(s.total, 0) || ', budget ' || coalesce(u.budget::text, 'none') AS breach
            FROM policy_awards.budget_usage u
            FULL JOIN (SELECT policy, extract(year FROM award_on)::int AS year, sum(standing) AS total
                         FROM (${STANDING}) a GROUP BY 1, 2) s ON s.policy = u.policy AND s.year = u.year
           WHERE coalesce(u.used, 0) <> coalesce(s.total, 0) OR coalesce(s.total, 0) > u.budget`,
  },
  {
    what: 'a milestone that gave other than one award',
    sql: `SELECT m.id || ' gave ' || count(a.id) AS breach
            FROM park_registry.enterprise_milestones m LEFT JOIN policy_awards.awards a ON a.milestone_id = m.id
           GROUP BY m.id HAVING count(a.id) <> 1`,
  },
  {
    what: "an award the fund ledger's policy-budget books don't hold as committed",
    sql: `SELECT a.id || ' ' || a.status || ' ' || a.granted || ' <> ' || coalesce(b.balance, 0) AS breach
            FROM policy_awards.awards a
            LEFT JOIN fund_ledger.account_balances b ON b.account = 'awards-committed:' || a.id
           WHERE CASE WHEN a.status IN ('granted', 'paid') THEN a.granted ELSE 0 END <> coalesce(b.balance, 0)`,
  },
  {
    what: "a commitment in the fund ledger's policy-budget books for no award",
    sql: `SELECT b.account || ': ' || b.balance AS breach
            FROM fund_ledger.account_balances b
           WHERE starts_with(b.account, 'awards-committed:') AND b.balance <> 0
             AND NOT EXISTS (SELECT 1 FROM policy_awards.awards a WHERE 'awards-committed:' || a.id = b.account)`,
  },
];

/**
 * The tables of the pipeline's read model of the registry, as the pipeline declares them for
 * `npm run replay`: compared with the rebuild as the replay compares them.
 */
const READ_MODEL = CONSUMERS.filter(isReadModel).find(
  (declared) => declared.name === 'project-pipeline.registry-read-model',
)?.readModel;

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

/**
 * What the outboxes have not published yet, what they committed on the pipeline's consumed topics
 * and what it applied, and how many events the awards' consumers have yet to apply: the awards
 * service's of the enterprises topic (milestones), the fund ledger's of the awards topic.
 */
export async function progress(
  pool: Pool,
  topicPrefix: string,
): Promise<{ unpublished: number; toConsume: number; applied: number; behind: number }> {
  const { rows } = await pool.query<{ unpublished: number; to_consume: number; behind: number }>(
    `SELECT ((SELECT count(*) FROM park_registry.outbox WHERE published_at IS NULL)
           + (SELECT count(*) FROM project_pipeline.outbox WHERE published_at IS NULL)
           + (SELECT count(*) FROM fund_ledger.outbox WHERE published_at IS NULL)
           + (SELECT count(*) FROM policy_awards.outbox WHERE published_at IS NULL))::int AS unpublished,
            (SELECT count(*) FROM park_registry.outbox WHERE topic = ANY($1))::int AS to_consume,
            ((SELECT count(*) FROM park_registry.outbox WHERE topic = $2)
           - (SELECT count(*) FROM policy_awards.inbox WHERE consumer LIKE '%policy-awards.milestone-awards')
           + (SELECT count(*) FROM policy_awards.outbox)
           - (SELECT count(*) FROM fund_ledger.inbox WHERE consumer LIKE '%fund-ledger.award-books'))::int AS behind`,
    [[...CONSUMED].map((topic) => `${topicPrefix}${topic}`), `${topicPrefix}parkledger.enterprises.v1`],
  );
  const row = rows[0];
  return {
    unpublished: row?.unpublished ?? 0,
    toConsume: row?.to_consume ?? 0,
    applied: await applied(pool),
    behind: row?.behind ?? 0,
  };
}

/** Everything the checker needs, read after the system drained. */
export async function collectFacts(options: {
  pool: Pool;
  rebuild: Pool;
  kafka: Kafka;
  topicPrefix: string;
  writes: WriteRecord[];
  windows: Window[];
  /** the gateway and a token that reads the audit log; the system's verifier key and origin of its checkpoints */
  base: string;
  token: string;
  auditKey: string;
  auditOrigin: string;
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
  for (const { aggregateType, table, name, id = 'id' } of BUSINESS_TABLES) {
    const { rows } = await pool.query<{ id: string; name: string; version: string }>(
      `SELECT ${id} AS id, ${name} AS name, version FROM ${table}`,
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
  const { rows: grants } = await pool.query<{ id: string }>(
    "SELECT id FROM policy_awards.awards WHERE status = 'granted' AND source = 'application'",
  );
  const grantedIds = new Set(grants.map((row) => row.id));
  for (const write of writes) {
    found.set(
      write.key,
      write.kind === 'sign'
        ? Number(signedIds.has(write.identity))
        : write.kind === 'grant'
          ? Number(grantedIds.has(write.identity))
          : write.kind === 'fee'
            ? (feesByMemo.get(write.identity) ?? 0)
            : (byName.get(write.identity) ?? 0),
    );
  }
  const ledgerBroken: string[] = [];
  for (const { what, sql } of [...LEDGER_CHECKS, ...AWARD_CHECKS]) {
    const { rows } = await pool.query<{ breach: string }>(sql);
    ledgerBroken.push(...rows.map((row) => `${what}: ${row.breach}`));
  }

  const outbox: OutboxRow[] = [];
  for (const schema of ['park_registry', 'project_pipeline', 'fund_ledger', 'policy_awards']) {
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

  // every audited topic once: the outbox events' copies on TOPICS, and what the audit log must hold
  const { records } = await readTopics(options.kafka, auditedTopics(options.topicPrefix), () => undefined);
  const outboxTopics = new Set(TOPICS.map((topic) => `${options.topicPrefix}${topic}`));
  const onKafka = new Map<string, number>();
  for (const record of records.filter((r) => outboxTopics.has(r.topic))) {
    const id = record.headers.ce_id ?? '';
    onKafka.set(id, (onKafka.get(id) ?? 0) + 1);
  }

  const { rows: inboxRows } = await pool.query<{ event_id: string; deliveries: number }>(
    `SELECT event_id, deliveries FROM project_pipeline.inbox WHERE ${REGISTRY_CONSUMER}`,
  );
  const inbox = new Map(inboxRows.map((row) => [row.event_id, row.deliveries]));

  if (READ_MODEL === undefined) throw new Error('the pipeline declares no registry-read-model consumer');
  let readModelDifferences = 0;
  for (const table of READ_MODEL) {
    readModelDifferences += differences(await compareTable(pool, options.rebuild, 'project_pipeline', table));
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
    audit: await collectAuditFacts({
      pool,
      kafka: options.kafka,
      topicPrefix: options.topicPrefix,
      base: options.base,
      token: options.token,
      key: options.auditKey,
      origin: options.auditOrigin,
      labelAt: (time) => windowAt(windows, time),
      records,
    }),
  };
}

/**
 * Each of the run's consumer groups, for a run that stopped short: its state and members, and per
 * partition how far its committed offset is behind the end (a group stuck, or one not reading).
 */
export async function consumerGroups(kafka: Kafka, topicPrefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ids = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((id) => id.startsWith(topicPrefix))
      .sort();
    const { groups } = await admin.describeGroups(ids);
    const lines: string[] = [];
    for (const group of groups) {
      const behind: string[] = [];
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group.groupId })) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, Number(end.high)]));
        for (const { partition, offset } of partitions) {
          const lag = (ends.get(partition) ?? 0) - Math.max(Number(offset), 0);
          if (lag > 0) behind.push(`${topic.slice(topicPrefix.length)}/${partition} at ${offset}, ${lag} behind`);
        }
      }
      lines.push(
        `${group.groupId.slice(topicPrefix.length)}: ${group.state}, ${group.members.length} members${behind.length > 0 ? `; ${behind.join('; ')}` : ', caught up'}`,
      );
    }
    return lines;
  } finally {
    await admin.disconnect();
  }
}

/** every service's schema that keeps state, each with its outbox */
const OUTBOX_SCHEMAS = SERVICES.flatMap((service) => service.dbRole ?? []);

/**
 * For a run that stops short: each outbox's unpublished and set-aside rows (with the reasons), and
 * what every other session on the database is doing, so that a stuck relay, a row set aside or a
 * transaction left open shows in the run's output.
 */
export async function databaseState(pool: Pool): Promise<string[]> {
  const lines: string[] = [];
  for (const schema of OUTBOX_SCHEMAS) {
    const { rows } = await pool.query<{ unpublished: number; set_aside: number; oldest: string | null }>(
      `SELECT count(*)::int AS unpublished, count(set_aside_at)::int AS set_aside,
              round(extract(epoch FROM now() - min(occurred_at)))::text AS oldest
         FROM ${ident(schema)}.outbox WHERE published_at IS NULL`,
    );
    const row = rows[0];
    lines.push(
      `${schema}.outbox: ${row?.unpublished ?? 0} unpublished, ${row?.set_aside ?? 0} set aside` +
        (row?.oldest == null ? '' : `, the oldest appended ${row.oldest} s ago`),
    );
    const { rows: reasons } = await pool.query<{ reason: string; n: number }>(
      `SELECT set_aside_reason AS reason, count(*)::int AS n FROM ${ident(schema)}.outbox
        WHERE published_at IS NULL AND set_aside_at IS NOT NULL GROUP BY 1`,
    );
    for (const { reason, n } of reasons) lines.push(`  ${n} set aside for: ${reason.slice(0, 300)}`);
  }
  const { rows: sessions } = await pool.query<{ line: string }>(
    `SELECT usename || ' ' || state || coalesce(' waiting on ' || wait_event_type || ':' || wait_event, '') ||
            coalesce(', in a transaction for ' || round(extract(epoch FROM now() - xact_start)) || ' s', '') ||
            ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS line
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
      ORDER BY xact_start NULLS LAST`,
  );
  lines.push(`${sessions.length} other sessions not idle${sessions.length > 0 ? ':' : ''}`);
  for (const { line } of sessions) lines.push(`  ${line}`);
  return lines;
}
