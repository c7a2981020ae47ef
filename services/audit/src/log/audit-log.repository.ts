import { type AuditAnomalyKind } from '@parkledger/contracts';
import { asOneStatement, prepared } from '@parkledger/messaging';
import { frontierOf, type Hash, type NodeReader, type TreeNode } from '@parkledger/tlog';
import { type PoolClient } from 'pg';
import { copyIn, type CopyField, CopyRows } from '../database/copy-in';
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

/** Inserts (or updates) where the chains of the JSON stand (prepared: its one plan is to insert or update the JSON's rows). */
const SAVE_CHAINS = prepared(`INSERT INTO aggregates (aggregate_type, aggregate_id, chained, link, seen)
  SELECT k.t, k.i, k.c, decode(k.l, 'hex'), k.s FROM json_to_recordset($1::json) AS k (t text, i text, c bigint, l text, s bigint)
  ON CONFLICT (aggregate_type, aggregate_id)
  DO UPDATE SET chained = EXCLUDED.chained, link = EXCLUDED.link, seen = EXCLUDED.seen`);

/** A table a batch appends to: its columns and their types, each item's row, and about how many bytes a row takes in COPY. */
interface AppendedTable<T> {
  /** the table and its columns, as COPY names them */
  target: string;
  /** the rows as one array a column (prepared: its one plan is the insert) */
  insert: string;
  width: number;
  row: (item: T) => CopyField[];
  bytes: (item: T) => number;
}

function appendedTable<T>(
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  row: (item: T) => CopyField[],
  bytes: (item: T) => number = () => 200,
): AppendedTable<T> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ');
  return {
    target: `${table} (${names})`,
    insert: prepared(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`),
    width: columns.length,
    row,
    bytes,
  };
}

const PLACES = appendedTable<Appended['deliveries'][number]>(
  'deliveries',
  [
    ['topic', 'text'],
    ['"partition"', 'int'],
    ['"offset"', 'bigint'],
    ['leaf', 'bytea'],
  ],
  ({ record, leaf }) => [record.topic, record.partition, record.offset, leaf],
);
const ENTRIES = appendedTable<NewEntry>(
  'entries',
  [
    ['position', 'bigint'],
    ['leaf', 'bytea'],
    ['event_id', 'uuid'],
    ['event_type', 'text'],
    ['aggregate_type', 'text'],
    ['aggregate_id', 'text'],
    ['aggregate_version', 'bigint'],
    ['occurred_at', 'timestamptz'],
    ['correlation_id', 'text'],
    ['topic', 'text'],
    ['"partition"', 'int'],
    ['"offset"', 'bigint'],
    ['headers', 'json'],
    ['value', 'bytea'],
  ],
  ({ position, leaf, record, event }) => [
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
  ],
  (entry) => 2 * entry.record.value.length + 1000,
);
const NODES = appendedTable<TreeNode>(
  'nodes',
  [
    ['level', 'smallint'],
    ['index', 'bigint'],
    ['hash', 'bytea'],
  ],
  ({ level, index, hash }) => [level, index, hash],
  () => 90,
);
const LINKS = appendedTable<Link & { type: string; id: string }>(
  'links',
  [
    ['aggregate_type', 'text'],
    ['aggregate_id', 'text'],
    ['version', 'bigint'],
    ['position', 'bigint'],
    ['link', 'bytea'],
  ],
  ({ type, id, version, position, link }) => [type, id, version, position, link],
);
const MENTIONS = appendedTable<Mention & { position: number }>(
  'mentions',
  [
    ['position', 'bigint'],
    ['type', 'text'],
    ['id', 'text'],
  ],
  ({ position, type, id }) => [position, type, id],
);

/** A batch's rows in one table, and what it takes to write them either way. */
interface TableRows {
  target: string;
  insert: string;
  width: number;
  rows: CopyField[][];
  bytes: number;
}

const rowsOf = <T>({ target, insert, width, row, bytes }: AppendedTable<T>, items: readonly T[]): TableRows => ({
  target,
  insert,
  width,
  rows: items.map(row),
  bytes: items.reduce((sum, item) => sum + bytes(item), 0),
});

/** A batch's rows, table by table (its entries before what names them). */
function tablesOf({ deliveries, entries, nodes, links }: Appended): TableRows[] {
  return [
    rowsOf(PLACES, deliveries),
    rowsOf(ENTRIES, entries),
    rowsOf(NODES, nodes),
    rowsOf(LINKS, links),
    rowsOf(MENTIONS, mentionRows(entries)),
  ];
}

/** The rows as one array a column, for an `insert`'s unnest. */
function columnsOf(rows: readonly CopyField[][], width: number): CopyField[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column] ?? null));
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
    const tables = tablesOf(batch);
    const chains = chainsJson(batch.chains);
    if (batch.deliveries.length <= this.oneStatementUpTo) {
      const inserts = tables.map(({ insert, width, rows }) => ({ text: insert, params: columnsOf(rows, width) }));
      const { text, params } = asOneStatement([...inserts, { text: SAVE_CHAINS, params: [chains] }]);
      await tx.query(text, params);
      return;
    }
    for (const { target, rows, bytes } of tables) {
      const copy = new CopyRows(bytes);
      for (const row of rows) copy.add(row);
      await copyIn(tx, target, copy);
    }
    if (batch.chains.size > 0) await tx.query(SAVE_CHAINS, [chains]);
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
