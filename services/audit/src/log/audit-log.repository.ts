import { type AuditAnomalyKind } from '@parkledger/contracts';
import { prepared } from '@parkledger/messaging';
import { frontierOf, type Hash, type NodeReader, type TreeNode } from '@parkledger/tlog';
import { type PoolClient } from 'pg';
import { copyIn, CopyRows } from '../database/copy-in';
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

/** What a batch adds to the log (`append`). */
export interface Appended {
  /** its records read at their place for the first time, each with its leaf */
  deliveries: readonly { record: DeliveredRecord; leaf: Hash }[];
  entries: readonly NewEntry[];
  nodes: readonly TreeNode[];
  links: readonly (Link & { type: string; id: string })[];
  /** where the chains the batch touched stand now, by aggregateKey */
  chains: ReadonlyMap<string, ChainState>;
}

/**
 * The most new records (read at their place for the first time) a batch `append` writes as one
 * statement; one with more is copied in. Timed, the two cost about the same from 16 to 64 records,
 * and COPY less above.
 */
export const ONE_STATEMENT_UP_TO = 32;

/** Inserts (or updates) where the chains of the JSON in parameter `param` stand. */
const upsertChains = (param: string) => `INSERT INTO aggregates (aggregate_type, aggregate_id, chained, link, seen)
  SELECT k.t, k.i, k.c, decode(k.l, 'hex'), k.s FROM json_to_recordset(${param}::json) AS k (t text, i text, c bigint, l text, s bigint)
  ON CONFLICT (aggregate_type, aggregate_id)
  DO UPDATE SET chained = EXCLUDED.chained, link = EXCLUDED.link, seen = EXCLUDED.seen`;

/** prepared: every large batch runs it, and its one plan is to insert (or update) the JSON's rows */
const SAVE_CHAINS = prepared(upsertChains('$1'));

/**
 * A batch's rows, every table's as arrays (`appendValues`), in one statement: each table's insert a
 * data-modifying WITH query. Prepared: its one plan is to insert the arrays' rows (and the chains'
 * upsert to probe their primary key).
 */
const APPEND = prepared(`WITH
  places AS (INSERT INTO deliveries (topic, "partition", "offset", leaf)
    SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bytea[])),
  logged AS (INSERT INTO entries (position, leaf, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,
                                  occurred_at, correlation_id, topic, "partition", "offset", headers, value)
    SELECT * FROM unnest($5::bigint[], $6::bytea[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::bigint[],
                         $12::timestamptz[], $13::text[], $14::text[], $15::int[], $16::bigint[], $17::json[], $18::bytea[])),
  named AS (INSERT INTO mentions (position, type, id) SELECT * FROM unnest($19::bigint[], $20::text[], $21::text[])),
  tree AS (INSERT INTO nodes (level, index, hash) SELECT * FROM unnest($22::smallint[], $23::bigint[], $24::bytea[])),
  linked AS (INSERT INTO links (aggregate_type, aggregate_id, version, position, link)
    SELECT * FROM unnest($25::text[], $26::text[], $27::bigint[], $28::bigint[], $29::bytea[]))
${upsertChains('$30')}`);

/** APPEND's values, in its parameters' order. */
function appendValues({ deliveries, entries, nodes, links, chains }: Appended): unknown[] {
  const mentions = mentionRows(entries);
  const event = <T>(pick: (event: NonNullable<NewEntry['event']>) => T) =>
    entries.map((entry) => (entry.event === undefined ? null : pick(entry.event)));
  return [
    deliveries.map(({ record }) => record.topic),
    deliveries.map(({ record }) => record.partition),
    deliveries.map(({ record }) => record.offset),
    deliveries.map(({ leaf }) => leaf),
    entries.map((entry) => entry.position),
    entries.map((entry) => entry.leaf),
    event((e) => e.id),
    event((e) => e.type),
    event((e) => e.aggregateType),
    event((e) => e.aggregateId),
    event((e) => String(e.version)),
    event((e) => e.occurredAt),
    event((e) => e.correlationId),
    entries.map((entry) => entry.record.topic),
    entries.map((entry) => entry.record.partition),
    entries.map((entry) => entry.record.offset),
    entries.map((entry) => JSON.stringify(entry.record.headers)),
    entries.map((entry) => entry.record.value),
    mentions.map((m) => m.position),
    mentions.map((m) => m.type),
    mentions.map((m) => m.id),
    nodes.map((node) => node.level),
    nodes.map((node) => node.index),
    nodes.map((node) => node.hash),
    links.map((link) => link.type),
    links.map((link) => link.id),
    links.map((link) => String(link.version)),
    links.map((link) => link.position),
    links.map((link) => link.link),
    chainsJson(chains),
  ];
}

/** What the entries' payloads name, a row each. */
function mentionRows(entries: readonly NewEntry[]): (Mention & { position: number })[] {
  return entries.flatMap((e) => (e.event?.mentions ?? []).map((m) => ({ ...m, position: e.position })));
}

/** Where these chains stand, as JSON rows for json_to_recordset: t, i, c, l (hex), s. */
function chainsJson(chains: ReadonlyMap<string, ChainState>): string {
  return JSON.stringify(
    [...chains].map(([key, state]) => {
      const [type, id] = JSON.parse(key) as [string, string];
      return {
        t: type,
        i: id,
        c: String(state.chained),
        l: state.link?.toString('hex') ?? null,
        s: String(state.seen),
      };
    }),
  );
}

/** The audit log's tables (see the migration). Every statement runs on the caller's transaction. */
export class AuditLogRepository {
  /** `oneStatementUpTo`: the most new records a batch `append` writes as one statement */
  constructor(private readonly oneStatementUpTo = ONE_STATEMENT_UP_TO) {}

  /**
   * Of these records, the indexes of those read at their place for the first time (of two at one
   * place in the batch, the first). What the log holds of the batch's places is read each
   * partition's offsets as one range; the new places are written with the batch (`append`): under
   * the log's lock, no other writer comes between.
   */
  async firstReads(tx: PoolClient, records: readonly DeliveredRecord[]): Promise<Set<number>> {
    const ranges = new Map<string, { topic: string; partition: number; low: bigint; high: bigint }>();
    for (const { topic, partition, offset } of records) {
      const key = `${partition}/${topic}`;
      const at = BigInt(offset);
      const range = ranges.get(key);
      if (range === undefined) ranges.set(key, { topic, partition, low: at, high: at });
      else if (at < range.low) range.low = at;
      else if (at > range.high) range.high = at;
    }
    const { rows } = await tx.query<{ topic: string; partition: number; offset: string }>(
      // a range at a time through the primary key: the LIMIT (a range holds no more) keeps the
      // planner from joining the ranges to a scan of the whole table, which it prefers otherwise;
      // so its plan is the same for any ranges, and it is prepared
      prepared(`SELECT d.topic, d."partition" AS partition, d."offset"::text AS offset
       FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[]) AS r (topic, part, low, high)
       CROSS JOIN LATERAL (SELECT d.topic, d."partition", d."offset" FROM deliveries d
                           WHERE d.topic = r.topic AND d."partition" = r.part AND d."offset" BETWEEN r.low AND r.high
                           LIMIT r.high - r.low + 1) AS d`),
      [
        [...ranges.values()].map((r) => r.topic),
        [...ranges.values()].map((r) => r.partition),
        [...ranges.values()].map((r) => String(r.low)),
        [...ranges.values()].map((r) => String(r.high)),
      ],
    );
    const placeOf = (topic: string, partition: number, offset: string) => `${partition}/${offset}/${topic}`;
    const taken = new Set(rows.map((row) => placeOf(row.topic, row.partition, row.offset)));
    const fresh = new Set<number>();
    records.forEach((record, n) => {
      const place = placeOf(record.topic, record.partition, record.offset);
      if (taken.has(place)) return;
      taken.add(place);
      fresh.add(n);
    });
    return fresh;
  }

  /** Of these leaves, those the log holds already (as latin1 text, a character a byte). They go as one bytea, 32 bytes a leaf: no array to spell. */
  async loggedLeaves(tx: PoolClient, leaves: readonly Hash[]): Promise<Set<string>> {
    if (leaves.length === 0) return new Set();
    const { rows } = await tx.query<{ leaf: Buffer }>(
      `SELECT e.leaf FROM entries e
       JOIN (SELECT substring($1::bytea FROM n * 32 + 1 FOR 32) AS leaf
             FROM generate_series(0, length($1::bytea) / 32 - 1) AS n) AS w ON e.leaf = w.leaf`,
      [Buffer.concat(leaves)],
    );
    return new Set(rows.map((row) => row.leaf.toString('latin1')));
  }

  async size(tx: PoolClient): Promise<number> {
    const { rows } = await tx.query<{ size: string }>(
      prepared('SELECT coalesce(max(position) + 1, 0)::text AS size FROM entries'), // a batch's first read
    );
    return Number(rows[0]?.size ?? '0');
  }

  /** The hashes of frontierOf(size), in its order. */
  async frontier(tx: PoolClient, size: number): Promise<Hash[]> {
    const wanted = frontierOf(size);
    const read = await this.readerOf(tx, wanted, 'lost');
    return wanted.map(({ level, index }) => read(level, index));
  }

  /** Reads the tree's perfect subtrees, for proofs, one query a node. */
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

  /** Reads these perfect subtrees in one query, and gives a reader of them (and of no other). */
  async readerOf(
    tx: PoolClient,
    wanted: readonly { level: number; index: number }[],
    missing: 'lost' | 'absent' = 'absent',
  ): Promise<(level: number, index: number) => Hash> {
    const { rows } = await tx.query<{ level: number; index: string; hash: Buffer }>(
      `SELECT n.level, n.index::text AS index, n.hash FROM nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w (level, index) ON n.level = w.level AND n.index = w.index`,
      [wanted.map((node) => node.level), wanted.map((node) => node.index)],
    );
    const found = new Map(rows.map((row) => [`${row.level}/${row.index}`, row.hash]));
    return (level, index) => {
      const hash = found.get(`${level}/${index}`);
      if (hash !== undefined) return hash;
      throw new Error(
        missing === 'lost'
          ? `the audit log has lost tree node ${level}/${index}`
          : `the audit log has no tree node ${level}/${index}`,
      );
    };
  }

  /** The earliest entry of each of these event ids (UUIDs, as an envelope's ce_id is). */
  async entriesOfEvents(tx: PoolClient, ids: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ event_id: string; position: string }>(
      `SELECT DISTINCT ON (e.event_id) e.event_id::text AS event_id, e.position::text AS position FROM entries e
       WHERE e.event_id = ANY(string_to_array($1, ',')::uuid[]) ORDER BY e.event_id, e.position`,
      [ids.join(',')],
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
      // a key at a time through the primary key: json_to_recordset's rows are unknown to the planner
      // (it guesses 100), which would otherwise hash them against a scan of the whole table; so its
      // plan is the same for any keys, and it is prepared
      prepared(`SELECT a.aggregate_type, a.aggregate_id, a.chained::text, a.link, a.seen::text
       FROM json_to_recordset($1::json) AS k (t text, i text)
       CROSS JOIN LATERAL (SELECT * FROM aggregates a WHERE a.aggregate_type = k.t AND a.aggregate_id = k.i LIMIT 1) AS a`),
      [JSON.stringify(keys.map((k) => ({ t: k.type, i: k.id })))],
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

  /**
   * Writes what a batch adds to the log: the places its records were first read at, its entries
   * with what their payloads name (mentions), the tree's new nodes, the chains' links, and where
   * the chains stand now. A batch of up to `oneStatementUpTo` new records goes as one statement (a
   * live stream's few events: one round trip where copying took up to eleven); a larger one (a
   * backlog's) is copied in, table by table, which costs Postgres less a row.
   */
  async append(tx: PoolClient, batch: Appended): Promise<void> {
    if (batch.deliveries.length === 0) return; // only records read before: nothing new
    if (batch.deliveries.length <= this.oneStatementUpTo) {
      await tx.query(APPEND, appendValues(batch));
      return;
    }
    await this.copyBatch(tx, batch);
  }

  private async copyBatch(tx: PoolClient, { deliveries, entries, nodes, links, chains }: Appended): Promise<void> {
    const places = new CopyRows(deliveries.length * 200);
    for (const { record, leaf } of deliveries) places.add([record.topic, record.partition, record.offset, leaf]);
    await copyIn(tx, 'deliveries (topic, "partition", "offset", leaf)', places);
    const copy = new CopyRows(entries.reduce((bytes, entry) => bytes + 2 * entry.record.value.length + 1000, 0));
    for (const { position, leaf, record, event } of entries) {
      copy.add([
        position,
        leaf,
        event?.id ?? null,
        event?.type ?? null,
        event?.aggregateType ?? null,
        event?.aggregateId ?? null,
        event?.version ?? null,
        event?.occurredAt ?? null,
        event?.correlationId ?? null,
        record.topic,
        record.partition,
        record.offset,
        JSON.stringify(record.headers),
        record.value,
      ]);
    }
    await copyIn(
      tx,
      `entries (position, leaf, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,
                occurred_at, correlation_id, topic, "partition", "offset", headers, value)`,
      copy,
    );
    const mentions = mentionRows(entries);
    if (mentions.length > 0) {
      await tx.query(
        'INSERT INTO mentions (position, type, id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
        [mentions.map((m) => m.position), mentions.map((m) => m.type), mentions.map((m) => m.id)],
      );
    }
    const tree = new CopyRows(nodes.length * 90);
    for (const { level, index, hash } of nodes) tree.add([level, index, hash]);
    await copyIn(tx, 'nodes (level, index, hash)', tree);
    const linked = new CopyRows(links.length * 200);
    for (const { type, id, version, position, link } of links) linked.add([type, id, version, position, link]);
    await copyIn(tx, 'links (aggregate_type, aggregate_id, version, position, link)', linked);
    if (chains.size > 0) await tx.query(SAVE_CHAINS, [chainsJson(chains)]);
  }

  /**
   * Marks resolved the gaps these chains closed (an open gap is only ever in a chain that held an
   * entry beyond it: those named in `gapped`).
   */
  async resolveGaps(
    tx: PoolClient,
    chains: ReadonlyMap<string, ChainState>,
    gapped: ReadonlySet<string>,
  ): Promise<void> {
    const resolving = new Map([...chains].filter(([key]) => gapped.has(key)));
    if (resolving.size === 0) return;
    await tx.query(
      `UPDATE anomalies a SET resolved_at = now()
       FROM json_to_recordset($1::json) AS k (t text, i text, c bigint)
       WHERE a.kind = 'missing' AND a.resolved_at IS NULL
         AND a.aggregate_type = k.t AND a.aggregate_id = k.i AND a.to_version <= k.c`,
      [chainsJson(resolving)],
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
