import { type AuditAnomalyKind } from '@parkledger/contracts';
import { frontierOf, type Hash, type NodeReader, type TreeNode } from '@parkledger/tlog';
import { type PoolClient } from 'pg';
import { type ChainState, type Link, type VersionedEntry } from './aggregate-chain';
import { type Mention } from './mentions';

/** A Kafka record as the audit reads it: where it was delivered, its headers as text, its exact value. */
export interface DeliveredRecord {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: Buffer;
}

/** An entry of the log about to be written: its record, leaf and place, and its envelope when readable. */
export interface NewEntry {
  position: number;
  leaf: Hash;
  record: DeliveredRecord;
  event?: {
    id: string;
    type: string;
    aggregateType: string;
    aggregateId: string;
    version: bigint;
    occurredAt: string;
    correlationId: string | null;
    /** what its payload names of other aggregates */
    mentions: Mention[];
  };
}

/** An entry as the log gives it out: its record where first read, its position, how often it was read. */
export type LoggedEntry = DeliveredRecord & { position: string; deliveries: number };

export interface NewAnomaly {
  kind: AuditAnomalyKind;
  aggregate?: { type: string; id: string };
  versions?: { from: bigint; to: bigint };
  position: number;
  earlier?: number;
  detail: string;
}

export interface CheckpointRow {
  sequence: number;
  size: number;
  root: Hash;
  note: string;
}

/** An aggregate's key in maps: its type and id. */
export const aggregateKey = (type: string, id: string) => JSON.stringify([type, id]);

/** The audit log's tables (see the migration). Every statement runs on the caller's transaction. */
export class AuditLogRepository {
  /** Records where each record was read; answers the indexes of those read there for the first time. */
  async recordDeliveries(
    tx: PoolClient,
    records: readonly DeliveredRecord[],
    leaves: readonly Hash[],
  ): Promise<Set<number>> {
    const { rows } = await tx.query<{ topic: string; partition: number; offset: string }>(
      `INSERT INTO deliveries (topic, "partition", "offset", leaf)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bytea[])
       ON CONFLICT DO NOTHING
       RETURNING topic, "partition" AS partition, "offset"::text AS offset`,
      [records.map((r) => r.topic), records.map((r) => r.partition), records.map((r) => r.offset), leaves],
    );
    const placeOf = (topic: string, partition: number, offset: string) => `${partition}/${offset}/${topic}`;
    const fresh = new Set(rows.map((row) => placeOf(row.topic, row.partition, row.offset)));
    const indexes = new Set<number>();
    records.forEach((record, n) => {
      if (fresh.delete(placeOf(record.topic, record.partition, record.offset))) indexes.add(n);
    });
    return indexes;
  }

  /** Of these leaves, those the log holds already. */
  async loggedLeaves(tx: PoolClient, leaves: readonly Hash[]): Promise<Set<string>> {
    if (leaves.length === 0) return new Set();
    const { rows } = await tx.query<{ leaf: Buffer }>('SELECT leaf FROM entries WHERE leaf = ANY($1::bytea[])', [
      leaves,
    ]);
    return new Set(rows.map((row) => row.leaf.toString('hex')));
  }

  async size(tx: PoolClient): Promise<number> {
    const { rows } = await tx.query<{ size: string }>(
      'SELECT coalesce(max(position) + 1, 0)::text AS size FROM entries',
    );
    return Number(rows[0]?.size ?? '0');
  }

  /** The hashes of frontierOf(size), in its order. */
  async frontier(tx: PoolClient, size: number): Promise<Hash[]> {
    const wanted = frontierOf(size);
    const { rows } = await tx.query<{ level: number; index: string; hash: Buffer }>(
      `SELECT n.level, n.index::text AS index, n.hash FROM nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w (level, index) ON n.level = w.level AND n.index = w.index`,
      [wanted.map((node) => node.level), wanted.map((node) => node.index)],
    );
    const found = new Map(rows.map((row) => [`${row.level}/${row.index}`, row.hash]));
    return wanted.map(({ level, index }) => {
      const hash = found.get(`${level}/${index}`);
      if (hash === undefined) throw new Error(`the audit log has lost tree node ${level}/${index}`);
      return hash;
    });
  }

  /** Reads the tree's perfect subtrees, for proofs. */
  reader(tx: PoolClient): NodeReader {
    return async (level, index) => {
      const { rows } = await tx.query<{ hash: Buffer }>('SELECT hash FROM nodes WHERE level = $1 AND index = $2', [
        level,
        index,
      ]);
      const hash = rows[0]?.hash;
      if (hash === undefined) throw new Error(`the audit log has no tree node ${level}/${index}`);
      return hash;
    };
  }

  /** The earliest entry of each of these event ids. */
  async entriesOfEvents(tx: PoolClient, ids: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ event_id: string; position: string }>(
      `SELECT DISTINCT ON (e.event_id) e.event_id::text AS event_id, e.position::text AS position FROM entries e
       WHERE e.event_id = ANY($1::uuid[]) ORDER BY e.event_id, e.position`,
      [ids],
    );
    return new Map(rows.map((row) => [row.event_id, Number(row.position)]));
  }

  /** Where the chains of these aggregates stand (absent: none read yet). */
  async chains(tx: PoolClient, keys: readonly { type: string; id: string }[]): Promise<Map<string, ChainState>> {
    const { rows } = await tx.query<{
      aggregate_type: string;
      aggregate_id: string;
      chained: string;
      link: Buffer | null;
      seen: string;
    }>(
      `SELECT a.aggregate_type, a.aggregate_id, a.chained::text, a.link, a.seen::text FROM aggregates a
       JOIN unnest($1::text[], $2::text[]) AS k (t, i) ON a.aggregate_type = k.t AND a.aggregate_id = k.i`,
      [keys.map((k) => k.type), keys.map((k) => k.id)],
    );
    return new Map(
      rows.map((row) => [
        aggregateKey(row.aggregate_type, row.aggregate_id),
        { chained: BigInt(row.chained), link: row.link ?? undefined, seen: BigInt(row.seen) },
      ]),
    );
  }

  /**
   * The entries logged of these aggregates beyond where their chains stand (held after a gap), and
   * at the versions given (which a new entry may conflict with), by aggregate key, in log order;
   * never a later copy of an event id (a conflicting-id entry), which no chain may link.
   */
  async versionedEntries(
    tx: PoolClient,
    beyond: readonly { type: string; id: string; chained: bigint }[],
    at: readonly { type: string; id: string; version: bigint }[],
  ): Promise<Map<string, VersionedEntry[]>> {
    const { rows } = await tx.query<{
      aggregate_type: string;
      aggregate_id: string;
      version: string;
      position: string;
      leaf: Buffer;
      event_id: string;
    }>(
      `SELECT e.aggregate_type, e.aggregate_id, e.aggregate_version::text AS version, e.position, e.leaf, e.event_id::text
       FROM entries e JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS k (t, i, chained)
         ON e.aggregate_type = k.t AND e.aggregate_id = k.i AND e.aggregate_version > k.chained
       WHERE NOT EXISTS (SELECT 1 FROM entries f WHERE f.event_id = e.event_id AND f.position < e.position)
       UNION
       SELECT e.aggregate_type, e.aggregate_id, e.aggregate_version::text, e.position, e.leaf, e.event_id::text
       FROM entries e JOIN unnest($4::text[], $5::text[], $6::bigint[]) AS k (t, i, v)
         ON e.aggregate_type = k.t AND e.aggregate_id = k.i AND e.aggregate_version = k.v
       WHERE NOT EXISTS (SELECT 1 FROM entries f WHERE f.event_id = e.event_id AND f.position < e.position)
       ORDER BY position`,
      [
        beyond.map((k) => k.type),
        beyond.map((k) => k.id),
        beyond.map((k) => String(k.chained)),
        at.map((k) => k.type),
        at.map((k) => k.id),
        at.map((k) => String(k.version)),
      ],
    );
    const found = new Map<string, VersionedEntry[]>();
    for (const row of rows) {
      const key = aggregateKey(row.aggregate_type, row.aggregate_id);
      const list = found.get(key) ?? [];
      list.push({
        version: BigInt(row.version),
        position: Number(row.position),
        leaf: row.leaf,
        eventId: row.event_id,
      });
      found.set(key, list);
    }
    return found;
  }

  /** Writes the entries and what their payloads name (mentions), which the log takes only together. */
  async insertEntries(tx: PoolClient, entries: readonly NewEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.query("SELECT set_config('parkledger.audit_mentions', 'recorded', true)");
    await tx.query(
      `INSERT INTO entries (position, leaf, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,
                            occurred_at, correlation_id, topic, "partition", "offset", headers, value)
       SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                            $8::timestamptz[], $9::text[], $10::text[], $11::int[], $12::bigint[], $13::json[], $14::bytea[])`,
      [
        entries.map((e) => e.position),
        entries.map((e) => e.leaf),
        entries.map((e) => e.event?.id ?? null),
        entries.map((e) => e.event?.type ?? null),
        entries.map((e) => e.event?.aggregateType ?? null),
        entries.map((e) => e.event?.aggregateId ?? null),
        entries.map((e) => (e.event === undefined ? null : String(e.event.version))),
        entries.map((e) => e.event?.occurredAt ?? null),
        entries.map((e) => e.event?.correlationId ?? null),
        entries.map((e) => e.record.topic),
        entries.map((e) => e.record.partition),
        entries.map((e) => e.record.offset),
        entries.map((e) => JSON.stringify(e.record.headers)),
        entries.map((e) => e.record.value),
      ],
    );
    const mentions = entries.flatMap((e) => (e.event?.mentions ?? []).map((m) => ({ ...m, position: e.position })));
    if (mentions.length === 0) return;
    await tx.query(
      'INSERT INTO mentions (position, type, id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
      [mentions.map((m) => m.position), mentions.map((m) => m.type), mentions.map((m) => m.id)],
    );
  }

  async insertNodes(tx: PoolClient, nodes: readonly TreeNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await tx.query(
      'INSERT INTO nodes (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
      [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
    );
  }

  async insertLinks(tx: PoolClient, links: readonly (Link & { type: string; id: string })[]): Promise<void> {
    if (links.length === 0) return;
    await tx.query(
      `INSERT INTO links (aggregate_type, aggregate_id, version, position, link)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])`,
      [
        links.map((l) => l.type),
        links.map((l) => l.id),
        links.map((l) => String(l.version)),
        links.map((l) => l.position),
        links.map((l) => l.link),
      ],
    );
  }

  /** Writes where these chains stand now, and marks resolved the gaps they closed. */
  async saveChains(tx: PoolClient, chains: ReadonlyMap<string, ChainState>): Promise<void> {
    if (chains.size === 0) return;
    const keys = [...chains.keys()].map((key) => JSON.parse(key) as [string, string]);
    const states = [...chains.values()];
    const params = [
      keys.map((k) => k[0]),
      keys.map((k) => k[1]),
      states.map((s) => String(s.chained)),
      states.map((s) => s.link ?? null),
      states.map((s) => String(s.seen)),
    ];
    await tx.query(
      `INSERT INTO aggregates (aggregate_type, aggregate_id, chained, link, seen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[], $5::bigint[])
       ON CONFLICT (aggregate_type, aggregate_id)
       DO UPDATE SET chained = EXCLUDED.chained, link = EXCLUDED.link, seen = EXCLUDED.seen`,
      params,
    );
    await tx.query(
      `UPDATE anomalies a SET resolved_at = now()
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS k (t, i, chained)
       WHERE a.kind = 'missing' AND a.resolved_at IS NULL
         AND a.aggregate_type = k.t AND a.aggregate_id = k.i AND a.to_version <= k.chained`,
      params.slice(0, 3),
    );
  }

  async insertAnomalies(tx: PoolClient, anomalies: readonly NewAnomaly[]): Promise<void> {
    if (anomalies.length === 0) return;
    await tx.query(
      `INSERT INTO anomalies (kind, aggregate_type, aggregate_id, from_version, to_version, position, earlier, detail)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[])`,
      [
        anomalies.map((a) => a.kind),
        anomalies.map((a) => a.aggregate?.type ?? null),
        anomalies.map((a) => a.aggregate?.id ?? null),
        anomalies.map((a) => (a.versions === undefined ? null : String(a.versions.from))),
        anomalies.map((a) => (a.versions === undefined ? null : String(a.versions.to))),
        anomalies.map((a) => a.position),
        anomalies.map((a) => a.earlier ?? null),
        anomalies.map((a) => a.detail),
      ],
    );
  }

  async lastCheckpoint(tx: PoolClient): Promise<(CheckpointRow & { signedAt: Date }) | undefined> {
    return (await this.checkpoints(tx, undefined, 1))[0];
  }

  /** The entries from a position on, in log order, each with how many times it was read. */
  async entries(tx: PoolClient, from: number, limit: number): Promise<LoggedEntry[]> {
    const { rows } = await tx.query<LoggedEntry>(
      `SELECT e.position::text, e.topic, e."partition" AS partition, e."offset"::text AS offset, e.headers, e.value,
              (SELECT count(*)::int FROM deliveries d WHERE d.leaf = e.leaf) AS deliveries
       FROM entries e WHERE e.position >= $1 ORDER BY e.position LIMIT $2`,
      [from, limit],
    );
    return rows;
  }

  /** The checkpoints before a sequence number (all: undefined), newest first. */
  async checkpoints(
    tx: PoolClient,
    before: number | undefined,
    limit: number,
  ): Promise<(CheckpointRow & { signedAt: Date })[]> {
    const { rows } = await tx.query<{ sequence: string; size: string; root: Buffer; note: string; signed_at: Date }>(
      `SELECT c.sequence::text AS sequence, c.size::text AS size, c.root, c.note, c.signed_at FROM checkpoints c
       WHERE $1::bigint IS NULL OR c.sequence < $1 ORDER BY c.sequence DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      size: Number(row.size),
      root: row.root,
      note: row.note,
      signedAt: row.signed_at,
    }));
  }

  async checkpointOfSize(tx: PoolClient, size: number): Promise<boolean> {
    const { rows } = await tx.query('SELECT 1 FROM checkpoints WHERE size = $1', [size]);
    return rows.length > 0;
  }

  async insertCheckpoint(tx: PoolClient, checkpoint: CheckpointRow): Promise<void> {
    await tx.query('INSERT INTO checkpoints (sequence, size, root, note) VALUES ($1, $2, $3, $4)', [
      checkpoint.sequence,
      checkpoint.size,
      checkpoint.root,
      checkpoint.note,
    ]);
  }
}
