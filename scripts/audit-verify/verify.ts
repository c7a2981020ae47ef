import { auditedTopics, decodeEvent, EventDecodeError, parseEnvelope, topicOf } from '@parkledger/contracts';
import {
  type Checkpoint,
  entryLeaf,
  Frontier,
  type Hash,
  NoteError,
  openCheckpoint,
  type VerifierKey,
  verifyConsistency,
} from '@parkledger/tlog';
import { type Kafka } from 'kafkajs';
import { verifyFundBalances } from './funds';
import { type KafkaRecord, placeOf, readTopicsAs } from './read-topics';

/**
 * A page of the log's leaves, as `GET /audit/leaves` gives it: the entries at a range of positions
 * in runs (consecutive positions read at consecutive offsets of one partition), and the leaf of
 * each, as the log computes it from its copy, in the same order.
 */
interface LeavesPage {
  runs: { position: string; topic: string; partition: number; offset: string; count: number }[];
  /** base64 */
  leafHashes: string[];
}

/** An entry of the audit log with its copy of the record, as `GET /audit/entries` gives it. */
interface LoggedEntry {
  position: string;
  headers: Record<string, string>;
  /** base64 */
  value: string;
}

/** What the verifier keeps of a record it read from Kafka: the rest is dropped as it is read. */
interface ReadRecord {
  topic: string;
  partition: number;
  offset: number;
  /** its leaf, base64 (as the log's API writes it) */
  leaf: string;
  /** its event, for the chains; undefined when its envelope can't be read */
  event: ChainEvent | undefined;
  /** the whole record, kept only on the funds' and the checkpoints' topics */
  whole: KafkaRecord | undefined;
}

export interface VerifyOptions {
  kafka: Kafka;
  topicPrefix: string;
  /** the gateway, e.g. http://127.0.0.1:3000, and an auditor's token */
  base: string;
  token: string;
  key: VerifierKey;
  origin: string;
  say: (line: string) => void;
}

/** What the verifier found: each discrepancy names what differs, with the evidence. */
export interface VerifyReport {
  records: number;
  entries: number;
  checkpoints: number;
  aggregates: number;
  /** funds whose balances were rebuilt from the postings on the stream and compared with the ledger's, and their entries */
  funds: number;
  fundEntries: number;
  /** records on Kafka past the last the log read of their partition: in flight */
  notYetLogged: number;
  /** entries whose records Kafka's retention dropped: the log's copies stand unchecked */
  expired: number;
  discrepancies: string[];
}

const noop = () => undefined;

/**
 * Positions a page of leaves (the API's most is 10,000); pages asked for at once, and held at most
 * (asked for or answered, not yet checked): the gateway, the audit service and Postgres fill them
 * on the other core while Kafka is read here, and a page held is ~300 KB; entries a page of copies
 * (the API's most), read only for entries whose records Kafka does not hold; consistency proofs
 * asked for at once.
 */
const PAGE = 5000;
const PAGES_AT_ONCE = 2;
const PAGES_HELD = 40;
const COPIES_PAGE = 1000;
const PROOFS_AT_ONCE = 8;

/**
 * Checks the audit log against Kafka without trusting the audit service: every topic read from
 * offset 0, the checkpoints read from their topic and verified with the configured key, the tree
 * rebuilt from Kafka's own bytes in the order the log says it read them (a wrong order gives
 * another root, which no signature covers), each checkpoint's root and each pair's consistency,
 * each record's leaf against the leaf the log computes from its copy of it, each aggregate's
 * versions 1..n, one event each, and each fund's balances from the postings on the stream against
 * the fund ledger's. The log's copies themselves are read only for the entries whose records Kafka
 * does not hold: they stand in for them.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerifyReport> {
  const { say } = options;
  const discrepancies: string[] = [];
  const own = `${options.topicPrefix}${topicOf('parkledger.checkpoint.signed.v1')}`;
  const funds = `${options.topicPrefix}${topicOf('parkledger.fund.registered.v1')}`;
  const audited = auditedTopics(options.topicPrefix);

  // the log's size first, then Kafka's ends: every entry below that size was read from a record
  // Kafka held by then, and what the log takes in meanwhile is left for the next run
  const size = Number((await get<{ size: string }>(options, '/api/v1/audit/leaves?from=0&limit=1')).size);
  say(`reading ${audited.length} topics and the checkpoints from offset 0; the log holds ${size} entries`);
  // the log's pages are asked for while Kafka is read, and the next ones while one is checked
  const pages = logPages(options, size);
  let read: ReadRecord[];
  let lows: Map<string, bigint>;
  try {
    ({ records: read, lows } = await readTopicsAs(
      options.kafka,
      [...audited, own],
      (done, total) => say(`  ${done} of ${total} records`),
      (record): ReadRecord => ({
        topic: record.topic,
        partition: record.partition,
        offset: Number(record.offset),
        leaf: keyOf(record.leaf),
        event: chainEventOf(record.headers),
        whole: record.topic === funds || record.topic === own ? record : undefined,
      }),
    ));
  } catch (error) {
    pages.close();
    throw error;
  }
  const records = read.filter((record) => record.topic !== own);
  say(`  ${records.length} records`);
  const checkpoints = signedCheckpoints(options, wholeRecords(read, own), discrepancies);
  say(`${checkpoints.length} checkpoints verified with ${options.key.text}`);

  /** each partition's records by offset */
  const places = new Map<string, Map<number, ReadRecord>>();
  for (const record of records) {
    const partition = `${record.topic}/${record.partition}`;
    let offsets = places.get(partition);
    if (offsets === undefined) places.set(partition, (offsets = new Map<number, ReadRecord>()));
    offsets.set(record.offset, record);
  }

  say('rebuilding the tree from Kafka in the log’s order');
  const tree = Frontier.of(0, []);
  /** the tree's root at each size a checkpoint signed, taken as the tree passes it */
  const signed = new Set(checkpoints.map(({ checkpoint }) => checkpoint.size));
  const roots = new Map<number, Hash>();
  if (signed.has(0)) roots.set(0, tree.root());
  /** each leaf in the log (base64), and the position of its entry */
  const logged = new Map<string, number>();
  /** per partition, the highest offset the log read a record at: it reads each partition in order */
  const reached = new Map<string, number>();
  const chains = new Chains();
  const copies = logCopies(options);
  let expired = 0;
  for (let page = await pages.next(); page !== undefined; page = await pages.next()) {
    const { runs, leafHashes } = page;
    if (runs.reduce((sum, run) => sum + run.count, 0) !== leafHashes.length) {
      throw new Error(`GET /api/v1/audit/leaves: ${leafHashes.length} leaves for runs of other lengths`);
    }
    let at = 0;
    for (const run of runs) {
      const partition = `${run.topic}/${run.partition}`;
      const offsets = places.get(partition);
      for (let n = 0; n < run.count; n += 1) {
        const position = Number(run.position) + n;
        const offset = Number(run.offset) + n;
        const theirs = leafHashes[at++] as string;
        if (position >= size) continue;
        if (position !== tree.size) {
          discrepancies.push(`the log skips from entry ${tree.size - 1} to entry ${position}`);
        }
        if (offset > (reached.get(partition) ?? -1)) reached.set(partition, offset);
        const record = offsets?.get(offset);
        let leaf: string;
        let event: ChainEvent | undefined;
        if (record === undefined) {
          // the log's copy stands in for the record: its leaf in the tree, its envelope in the chains
          const copy = await copies.at(position);
          leaf = keyOf(entryLeaf(copy));
          event = chainEventOf(copy.headers);
          if (offset < Number(lows.get(partition) ?? 0n)) {
            expired += 1; // Kafka's retention dropped it: the log's copy stands, unchecked
          } else {
            const place = placeOf(run.topic, run.partition, String(offset));
            discrepancies.push(`entry ${position} was read at ${place}, where Kafka holds no record`);
          }
        } else {
          ({ leaf, event } = record);
          if (leaf !== theirs) {
            const place = placeOf(run.topic, run.partition, String(offset));
            discrepancies.push(`entry ${position}: the audit log's copy differs from Kafka's record at ${place}`);
          }
        }
        const earlier = logged.get(leaf);
        if (earlier !== undefined) discrepancies.push(`entry ${position} repeats entry ${earlier}`);
        logged.set(leaf, position);
        tree.append(Buffer.from(leaf, 'base64'));
        if (signed.has(tree.size)) roots.set(tree.size, tree.root());
        chains.add(event, leaf, position);
      }
    }
    if (tree.size % 10_000 < PAGE) say(`  ${tree.size} entries`);
  }
  discrepancies.push(...chains.discrepancies());

  // a record the log never took in, below one of its partition the log did read, was lost
  let notYetLogged = 0;
  for (const record of records) {
    if (logged.has(record.leaf)) continue;
    const last = reached.get(`${record.topic}/${record.partition}`);
    if (last !== undefined && record.offset < last) {
      const place = placeOf(record.topic, record.partition, String(record.offset));
      discrepancies.push(`the record at ${place} is not in the log, though later ones of its partition are`);
    } else {
      notYetLogged += 1;
    }
  }
  // the service's consistency proofs, asked for a few at a time, their answers taken in order
  const proven = inTurn(checkpoints.slice(1), PROOFS_AT_ONCE, (checkpoint, n) =>
    consistent(options, (checkpoints[n] as { checkpoint: Checkpoint }).checkpoint, checkpoint.checkpoint),
  );
  let previous: { checkpoint: Checkpoint; note: string } | undefined;
  for (const [n, { checkpoint, note }] of checkpoints.entries()) {
    const root = roots.get(checkpoint.size);
    if (root === undefined) {
      discrepancies.push(`checkpoint of ${checkpoint.size} entries is past the ${tree.size} the log gives`);
    } else if (!root.equals(checkpoint.root)) {
      discrepancies.push(
        `checkpoint of ${checkpoint.size} entries: its root is not the root of the tree rebuilt from Kafka\n${indent(note)}`,
      );
    }
    if (previous !== undefined && !(await proven[n - 1])) {
      discrepancies.push(
        `checkpoints of ${previous.checkpoint.size} and ${checkpoint.size} entries are inconsistent: the log was rewritten between them\n${indent(previous.note)}\n${indent(note)}`,
      );
    }
    previous = { checkpoint, note };
  }

  say('rebuilding every fund’s balances from the postings on the stream');
  const books = await verifyFundBalances(options, wholeRecords(records, funds));
  discrepancies.push(...books.discrepancies);
  return {
    records: records.length,
    entries: tree.size,
    checkpoints: checkpoints.length,
    aggregates: chains.size,
    funds: books.funds,
    fundEntries: books.entries,
    notYetLogged,
    expired,
    discrepancies,
  };
}

/** The records of a topic whose records were kept whole. */
function wholeRecords(records: readonly ReadRecord[], topic: string): KafkaRecord[] {
  const found: KafkaRecord[] = [];
  for (const record of records) if (record.topic === topic && record.whole !== undefined) found.push(record.whole);
  return found;
}

/** A leaf as the log's API writes it, and as the verifier keys its entries: base64. */
const keyOf = (leaf: Hash): string => leaf.toString('base64');

/** The checkpoints on their topic, each opened with the key (one that does not open is a discrepancy), by size. */
function signedCheckpoints(
  options: VerifyOptions,
  records: readonly KafkaRecord[],
  discrepancies: string[],
): { checkpoint: Checkpoint; note: string }[] {
  const opened: { checkpoint: Checkpoint; note: string }[] = [];
  for (const record of records) {
    const note = checkpointNote(record);
    const where = placeOf(record.topic, record.partition, record.offset);
    if (note === undefined) {
      discrepancies.push(`${where} is not a checkpoint the log signed: not a CheckpointSigned event`);
      continue;
    }
    try {
      opened.push({ checkpoint: openCheckpoint(note, options.key, options.origin), note });
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      discrepancies.push(`checkpoint at ${where}: ${error.message}`);
    }
  }
  return opened.sort((a, b) => a.checkpoint.size - b.checkpoint.size);
}

/** The note a record of the checkpoints topic carries, if it is a CheckpointSigned event. */
export function checkpointNote(record: Pick<KafkaRecord, 'headers' | 'value'>): string | undefined {
  try {
    const event = decodeEvent(parseEnvelope(record.headers).type, record.value);
    return event.type === 'parkledger.checkpoint.signed.v1' ? event.payload.note : undefined;
  } catch (error) {
    if (error instanceof EventDecodeError) return undefined;
    throw error;
  }
}

/** Whether the service proves `newer` extends `older`: the proof is checked here, not believed. */
async function consistent(options: VerifyOptions, older: Checkpoint, newer: Checkpoint): Promise<boolean> {
  if (older.size > newer.size) return false;
  const response = await fetch(
    `${options.base}/api/v1/audit/proofs/consistency?fromSize=${older.size}&toSize=${newer.size}`,
    { headers: { authorization: `Bearer ${options.token}` } },
  );
  if (response.status === 404) return false; // the service can't prove it: it never signed one of them
  if (response.status !== 200) {
    throw new Error(`GET consistency proof ${older.size}..${newer.size}: ${response.status} ${await response.text()}`);
  }
  const { hashes } = (await response.json()) as { hashes: string[] };
  return (
    verifyConsistency(
      older.size,
      newer.size,
      older.root,
      newer.root,
      hashes.map((hash) => Buffer.from(hash, 'base64')),
    ) === undefined
  );
}

/** What the chains need of an event: its id, its aggregate, and its version (canonical decimal text, from 1). */
interface ChainEvent {
  id: string;
  aggregate: string;
  version: string;
}

/** The event a record's headers carry, for the chains; undefined when its envelope can't be read or its version is not 1, 2, ... */
function chainEventOf(headers: Record<string, string>): ChainEvent | undefined {
  let envelope;
  try {
    envelope = parseEnvelope(headers);
  } catch (error) {
    if (error instanceof EventDecodeError) return undefined;
    throw error;
  }
  const version = envelope.aggregateVersion;
  if (!/^[1-9][0-9]*$/.test(version)) return undefined;
  return { id: envelope.id, aggregate: `${envelope.aggregateType} ${envelope.subject}`, version };
}

/** Each aggregate's versions as the log holds them: 1..n, one event each. */
class Chains {
  /** per aggregate, the event at each version */
  private readonly versions = new Map<string, Map<string, number>>();
  /** per event id, the last event that held it */
  private readonly events = new Map<string, number>();
  /** the events added, in turn (a number each): the entry's leaf and position, the event's id */
  private readonly leaves: string[] = [];
  private readonly positions: number[] = [];
  private readonly ids: string[] = [];
  private readonly conflicts: string[] = [];

  get size(): number {
    return this.versions.size;
  }

  /** `leaf`: the entry's leaf (base64) */
  add(event: ChainEvent | undefined, leaf: string, position: number): void {
    if (event === undefined) return;
    const { id, aggregate, version } = event;
    const seen = this.events.get(id);
    if (seen !== undefined && this.leaves[seen] !== leaf) {
      this.conflicts.push(`event ${id}: entries ${this.positions[seen]} and ${position} hold it with other bytes`);
      return;
    }
    const added = this.ids.length;
    this.leaves.push(leaf);
    this.positions.push(position);
    this.ids.push(id);
    this.events.set(id, added);
    let chain = this.versions.get(aggregate);
    if (chain === undefined) this.versions.set(aggregate, (chain = new Map<string, number>()));
    const before = chain.get(version);
    if (before === undefined) chain.set(version, added);
    else if (this.ids[before] !== id)
      this.conflicts.push(
        `${aggregate} version ${version}: event ${this.ids[before]} (entry ${this.positions[before]}) and event ${id} (entry ${position})`,
      );
  }

  discrepancies(): string[] {
    const found = [...this.conflicts];
    for (const [key, chain] of this.versions) {
      let highest = 0n;
      for (const version of chain.keys()) if (BigInt(version) > highest) highest = BigInt(version);
      if (BigInt(chain.size) === highest) continue; // as many versions as the highest: 1..highest, each once
      const missing: bigint[] = [];
      for (let version = 1n; version <= highest && missing.length <= 10; version += 1n) {
        if (!chain.has(String(version))) missing.push(version);
      }
      if (missing.length > 0) found.push(`${key}: versions ${missing.join(', ')} missing below ${highest}`);
    }
    return found;
  }
}

/**
 * The log's leaves below `size`, a page at a time in its order: {@link PAGES_AT_ONCE} asked for at
 * once, the next as each is answered, until {@link PAGES_HELD} are held unchecked.
 */
function logPages(options: VerifyOptions, size: number): { next(): Promise<LeavesPage | undefined>; close(): void } {
  const held: Promise<LeavesPage>[] = [];
  let from = 0;
  let asking = 0;
  const ask = () => {
    while (from < size && asking < PAGES_AT_ONCE && held.length < PAGES_HELD) {
      const page = get<LeavesPage>(options, `/api/v1/audit/leaves?from=${from}&limit=${PAGE}`);
      asking += 1;
      page.then(
        () => {
          asking -= 1;
          ask();
        },
        noop, // waited on in turn; a failure is thrown there, and nothing more is asked for
      );
      held.push(page);
      from += PAGE;
    }
  };
  ask();
  return {
    async next() {
      const page = held.shift();
      if (page === undefined) return undefined;
      ask();
      return page;
    },
    close() {
      from = size;
    },
  };
}

/**
 * The log's copies of its entries, read a page at a time from the first asked for and kept until
 * one past it is asked for: only the entries whose records Kafka does not hold need them.
 */
function logCopies(options: VerifyOptions): {
  at(position: number): Promise<{ headers: Record<string, string>; value: Buffer }>;
} {
  let page: LoggedEntry[] = [];
  let first = 0;
  return {
    async at(position) {
      let entry = page[position - first];
      if (entry === undefined || Number(entry.position) !== position) {
        const path = `/api/v1/audit/entries?from=${position}&limit=${COPIES_PAGE}`;
        page = (await get<{ items: LoggedEntry[] }>(options, path)).items;
        first = position;
        entry = page[0];
        if (entry === undefined || Number(entry.position) !== position) {
          throw new Error(`GET ${path}: no entry ${position}, though the log's leaves give one`);
        }
      }
      return { headers: entry.headers, value: Buffer.from(entry.value, 'base64') };
    },
  };
}

/** `work` for each item, at most `width` at a time, each started once the one `width` before it ended; answers in order. */
function inTurn<T, R>(items: readonly T[], width: number, work: (item: T, n: number) => Promise<R>): Promise<R>[] {
  const answers: Promise<R>[] = [];
  items.forEach((item, n) => {
    const before = answers[n - width];
    const turn = before === undefined ? Promise.resolve() : before.then(noop, noop);
    const answer = turn.then(() => work(item, n));
    answer.catch(noop); // waited on in order by the caller, who sees a failure there
    answers.push(answer);
  });
  return answers;
}

async function get<T>(options: VerifyOptions, path: string): Promise<T> {
  const response = await fetch(`${options.base}${path}`, { headers: { authorization: `Bearer ${options.token}` } });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const indent = (note: string) =>
  note
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
