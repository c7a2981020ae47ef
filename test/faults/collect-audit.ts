import { auditedTopics, topicOf } from '@parkledger/contracts';
import { entryLeaf } from '@parkledger/tlog';
import { type Kafka } from 'kafkajs';
import { type Pool, type PoolClient } from 'pg';
import { type KafkaRecord, placeOf, readTopics } from '../../scripts/audit-verify/read-topics';
import { checkpointNote } from '../../scripts/audit-verify/verify';
import { call } from '../support/http';
import { type AuditFacts } from './audit-checker';

/**
 * How far the audit log is behind: the records on the audited topics it has not read (a place read
 * is a delivery), the entries its last checkpoint does not sign, and checkpoints not yet published.
 */
export async function auditProgress(
  pool: Pool,
  kafka: Kafka,
  topicPrefix: string,
): Promise<{ unread: number; unsigned: number; unpublished: number }> {
  const admin = kafka.admin();
  await admin.connect();
  let onKafka = 0;
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of auditedTopics(topicPrefix).filter((name) => existing.has(name))) {
      for (const end of await admin.fetchTopicOffsets(topic)) onKafka += Number(end.high) - Number(end.low);
    }
  } finally {
    await admin.disconnect();
  }
  const { rows } = await pool.query<{ read: number; unsigned: number; unpublished: number }>(
    `SELECT (SELECT count(*) FROM audit.deliveries)::int AS read,
            ((SELECT count(*) FROM audit.entries)
           - (SELECT coalesce(max(size), 0) FROM audit.checkpoints))::int AS unsigned,
            (SELECT count(*) FROM audit.outbox WHERE published_at IS NULL)::int AS unpublished`,
  );
  const row = rows[0];
  return { unread: onKafka - (row?.read ?? 0), unsigned: row?.unsigned ?? 0, unpublished: row?.unpublished ?? 0 };
}

/**
 * What the audit checks need, read after the system drained: every record of the audited topics and
 * the checkpoints topic from Kafka, the audit schema's tables in one snapshot, and the service's own
 * consistency proof between each two checkpoints, through the gateway.
 */
export async function collectAuditFacts(options: {
  pool: Pool;
  kafka: Kafka;
  topicPrefix: string;
  /** the gateway, and a token that reads the audit log */
  base: string;
  token: string;
  /** the system's verifier key of its checkpoints, and their origin */
  key: string;
  origin: string;
  /** the fault window of a time */
  labelAt: (time: number) => string;
  /** every record of the audited topics, read before */
  records: KafkaRecord[];
}): Promise<AuditFacts> {
  const { records: published } = await readTopics(
    options.kafka,
    [`${options.topicPrefix}${topicOf('parkledger.checkpoint.signed.v1')}`],
    () => undefined,
  );
  const tables = await snapshot(options.pool, async (tx) => ({
    deliveries: (
      await tx.query<{ topic: string; partition: number; offset: string; leaf: Buffer }>(
        `SELECT topic, "partition" AS partition, "offset"::text AS offset, leaf FROM audit.deliveries`,
      )
    ).rows,
    entries: (
      await tx.query<{
        position: string;
        leaf: Buffer;
        event_id: string | null;
        aggregate_type: string | null;
        aggregate_id: string | null;
        aggregate_version: string | null;
        topic: string;
        partition: number;
        offset: string;
        headers: Record<string, string>;
        value: Buffer;
      }>(
        `SELECT e.position::text, e.leaf, e.event_id::text, e.aggregate_type, e.aggregate_id,
                e.aggregate_version::text, e.topic, e."partition" AS partition, e."offset"::text AS offset, e.headers, e.value
           FROM audit.entries e ORDER BY e.position`,
      )
    ).rows,
    nodes: (
      await tx.query<{ level: number; index: string; hash: Buffer }>('SELECT level, index::text, hash FROM audit.nodes')
    ).rows,
    links: (
      await tx.query<{ aggregate_type: string; aggregate_id: string; version: string; position: string; link: Buffer }>(
        'SELECT aggregate_type, aggregate_id, version::text, position::text, link FROM audit.links',
      )
    ).rows,
    aggregates: (
      await tx.query<{
        aggregate_type: string;
        aggregate_id: string;
        chained: string;
        seen: string;
        link: Buffer | null;
      }>('SELECT aggregate_type, aggregate_id, chained::text, seen::text, link FROM audit.aggregates')
    ).rows,
    anomalies: (
      await tx.query<{ id: string; kind: string; position: string | null; detail: string; resolved: boolean }>(
        `SELECT a.id::text, a.kind, a.position::text, a.detail, a.resolved_at IS NOT NULL AS resolved
           FROM audit.anomalies a ORDER BY a.id`,
      )
    ).rows,
    checkpoints: (
      await tx.query<{ sequence: string; size: string; root: Buffer; note: string; signed: number }>(
        `SELECT c.sequence::text, c.size::text, c.root, c.note, extract(epoch FROM c.signed_at) * 1000 AS signed
           FROM audit.checkpoints c ORDER BY c.sequence`,
      )
    ).rows,
  }));

  const checkpoints: AuditFacts['checkpoints'] = [];
  for (const [n, row] of tables.checkpoints.entries()) {
    const before = tables.checkpoints[n - 1];
    checkpoints.push({
      sequence: Number(row.sequence),
      size: Number(row.size),
      root: row.root.toString('hex'),
      note: row.note,
      label: options.labelAt(Number(row.signed)),
      proof: before === undefined ? [] : await serviceProof(options, Number(before.size), Number(row.size)),
    });
  }

  return {
    key: options.key,
    origin: options.origin,
    records: options.records.map((record) => ({
      place: placeOf(record.topic, record.partition, record.offset),
      eventId: record.headers.ce_id ?? '',
      leaf: entryLeaf(record).toString('hex'),
    })),
    deliveries: tables.deliveries.map((row) => ({
      place: placeOf(row.topic, row.partition, row.offset),
      leaf: row.leaf.toString('hex'),
    })),
    entries: tables.entries.map((row) => ({
      position: Number(row.position),
      leaf: row.leaf.toString('hex'),
      copy: entryLeaf({ headers: row.headers, value: row.value }).toString('hex'),
      place: placeOf(row.topic, row.partition, row.offset),
      eventId: row.event_id,
      ...(row.aggregate_type === null || row.aggregate_id === null || row.aggregate_version === null
        ? {}
        : {
            aggregate: { type: row.aggregate_type, id: row.aggregate_id, version: BigInt(row.aggregate_version) },
          }),
    })),
    nodes: tables.nodes.map((row) => ({ level: row.level, index: Number(row.index), hash: row.hash.toString('hex') })),
    links: tables.links.map((row) => ({
      type: row.aggregate_type,
      id: row.aggregate_id,
      version: BigInt(row.version),
      position: Number(row.position),
      link: row.link.toString('hex'),
    })),
    aggregates: tables.aggregates.map((row) => ({
      type: row.aggregate_type,
      id: row.aggregate_id,
      chained: BigInt(row.chained),
      seen: BigInt(row.seen),
      link: row.link?.toString('hex') ?? null,
    })),
    anomalies: tables.anomalies.map((row) => ({
      id: row.id,
      kind: row.kind,
      position: row.position === null ? null : Number(row.position),
      detail: row.detail,
      resolved: row.resolved,
    })),
    checkpoints,
    published: published.map(
      (record) =>
        checkpointNote(record) ??
        `(not a CheckpointSigned event: ${placeOf(record.topic, record.partition, record.offset)})`,
    ),
  };
}

/** The audit service's consistency proof between two signed tree sizes, through the gateway, hex. */
async function serviceProof(options: { base: string; token: string }, from: number, to: number): Promise<string[]> {
  const answer = await call<{ hashes: string[] }>(
    options.base,
    'GET',
    `/api/v1/audit/proofs/consistency?fromSize=${from}&toSize=${to}`,
    { token: options.token },
  );
  if (answer.status !== 200) {
    throw new Error(`the consistency proof ${from}..${to} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body.hashes.map((hash) => Buffer.from(hash, 'base64').toString('hex'));
}

/** The reads of one snapshot of the tables. */
async function snapshot<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
