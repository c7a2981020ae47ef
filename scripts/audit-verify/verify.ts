import { auditedTopics, decodeEvent, EventDecodeError, parseEnvelope, topicOf } from '@parkledger/contracts';
import {
  type Checkpoint,
  entryLeaf,
  MemoryTree,
  NoteError,
  openCheckpoint,
  type VerifierKey,
  verifyConsistency,
} from '@parkledger/tlog';
import { type Kafka } from 'kafkajs';
import { verifyFundBalances } from './funds';
import { type KafkaRecord, placeOf, readTopics } from './read-topics';

/** The audit log's entry as its API gives it: where it was read, and its copy of the record. */
interface LoggedEntry {
  position: string;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: string;
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
 * Entries a page (the API's most); pages asked for ahead of the one checked (~25 MB of them: the
 * gateway, the audit service and Postgres fill them on the other core while Kafka is read here);
 * consistency proofs asked for at once.
 */
const PAGE = 1000;
const PAGES_AHEAD = 16;
const PROOFS_AT_ONCE = 8;

/**
 * Checks the audit log against Kafka without trusting the audit service: every topic read from
 * offset 0, the checkpoints read from their topic and verified with the configured key, the tree
 * rebuilt from Kafka's own bytes in the order the log says it read them (a wrong order gives
 * another root, which no signature covers), each checkpoint's root and each pair's consistency,
 * the log's copy of each record against Kafka's, each aggregate's versions 1..n, one event each, and
 * each fund's balances from the postings on the stream against the fund ledger's.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerifyReport> {
  const { say } = options;
  const discrepancies: string[] = [];
  const own = `${options.topicPrefix}${topicOf('parkledger.checkpoint.signed.v1')}`;
  const audited = auditedTopics(options.topicPrefix);

  // the log's size first, then Kafka's ends: every entry below that size was read from a record
  // Kafka held by then, and what the log takes in meanwhile is left for the next run
  const size = Number((await get<{ size: string }>(options, '/api/v1/audit/entries?from=0&limit=1')).size);
  say(`reading ${audited.length} topics from offset 0; the log holds ${size} entries`);
  // the log's first pages are asked for while Kafka is read, and the next ones while one is checked
  const pages = logPages(options, size);
  let records: KafkaRecord[];
  let lows: Map<string, bigint>;
  try {
    ({ records, lows } = await readTopics(options.kafka, audited, (read, total) =>
      say(`  ${read} of ${total} records`),
    ));
  } catch (error) {
    pages.close();
    throw error;
  }
  const byPlace = new Map(records.map((record) => [placeOf(record.topic, record.partition, record.offset), record]));
  say(`  ${records.length} records`);

  const checkpoints = await signedCheckpoints(options, own, discrepancies);
  say(`${checkpoints.length} checkpoints verified with ${options.key.text}`);

  say('rebuilding the tree from Kafka in the log’s order');
  const tree = new MemoryTree();
  const logged = new Map<string, number>();
  /** per partition, the highest offset the log read a record at: it reads each partition in order */
  const reached = new Map<string, bigint>();
  const chains = new Chains();
  let expired = 0;
  for (let page = await pages.next(); page !== undefined; page = await pages.next()) {
    for (const entry of page.filter((item) => Number(item.position) < size)) {
      const position = Number(entry.position);
      if (position !== tree.size) {
        discrepancies.push(`the log skips from entry ${tree.size - 1} to entry ${position}`);
      }
      const partition = `${entry.topic}/${entry.partition}`;
      const place = placeOf(entry.topic, entry.partition, entry.offset);
      const offset = BigInt(entry.offset);
      if (offset > (reached.get(partition) ?? -1n)) reached.set(partition, offset);
      const record = byPlace.get(place);
      const copy = { headers: entry.headers, value: Buffer.from(entry.value, 'base64') };
      if (record === undefined && offset < (lows.get(partition) ?? 0n)) {
        expired += 1; // Kafka's retention dropped it: the log's copy stands, unchecked
      } else if (record === undefined) {
        discrepancies.push(`entry ${position} was read at ${place}, where Kafka holds no record`);
      } else if (!sameRecord(copy, record) && !entryLeaf(copy).equals(record.leaf)) {
        discrepancies.push(`entry ${position}: the audit log's copy differs from Kafka's record at ${place}`);
      }
      const leaf = record?.leaf ?? entryLeaf(copy);
      const key = leaf.toString('latin1');
      const earlier = logged.get(key);
      if (earlier !== undefined) discrepancies.push(`entry ${position} repeats entry ${earlier}`);
      logged.set(key, position);
      tree.append(leaf);
      chains.add(record?.headers ?? copy.headers, key, position);
    }
    if (tree.size % 10_000 < PAGE) say(`  ${tree.size} entries`);
  }
  discrepancies.push(...chains.discrepancies());

  // a record the log never took in, below one of its partition the log did read, was lost
  let notYetLogged = 0;
  for (const record of records) {
    if (logged.has(record.leaf.toString('latin1'))) continue;
    const last = reached.get(`${record.topic}/${record.partition}`);
    if (last !== undefined && BigInt(record.offset) < last) {
      const place = placeOf(record.topic, record.partition, record.offset);
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
    if (checkpoint.size > tree.size) {
      discrepancies.push(`checkpoint of ${checkpoint.size} entries is past the ${tree.size} the log gives`);
    } else if (!(await tree.root(checkpoint.size)).equals(checkpoint.root)) {
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
  const funds = await verifyFundBalances(options, records);
  discrepancies.push(...funds.discrepancies);
  return {
    records: records.length,
    entries: tree.size,
    checkpoints: checkpoints.length,
    aggregates: chains.size,
    funds: funds.funds,
    fundEntries: funds.entries,
    notYetLogged,
    expired,
    discrepancies,
  };
}

/** The checkpoints on their topic, each opened with the key (one that does not open is a discrepancy), by size. */
async function signedCheckpoints(
  options: VerifyOptions,
  topic: string,
  discrepancies: string[],
): Promise<{ checkpoint: Checkpoint; note: string }[]> {
  const { records } = await readTopics(options.kafka, [topic], () => undefined);
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

/** Each aggregate's versions as the log holds them: 1..n, one event each. */
class Chains {
  private readonly versions = new Map<string, Map<bigint, { id: string; position: number }>>();
  private readonly events = new Map<string, { leaf: string; position: number }>();
  private readonly conflicts: string[] = [];

  get size(): number {
    return this.versions.size;
  }

  /** `leaf`: the entry's leaf (as latin1 text, a character a byte) */
  add(headers: Record<string, string>, leaf: string, position: number): void {
    let envelope;
    try {
      envelope = parseEnvelope(headers);
    } catch (error) {
      if (error instanceof EventDecodeError) return;
      throw error;
    }
    if (!/^[1-9][0-9]*$/.test(envelope.aggregateVersion)) return;
    const seen = this.events.get(envelope.id);
    if (seen !== undefined && seen.leaf !== leaf) {
      this.conflicts.push(`event ${envelope.id}: entries ${seen.position} and ${position} hold it with other bytes`);
      return;
    }
    this.events.set(envelope.id, { leaf, position });
    const key = `${envelope.aggregateType} ${envelope.subject}`;
    const chain = this.versions.get(key) ?? new Map<bigint, { id: string; position: number }>();
    this.versions.set(key, chain);
    const version = BigInt(envelope.aggregateVersion);
    const before = chain.get(version);
    if (before === undefined) chain.set(version, { id: envelope.id, position });
    else if (before.id !== envelope.id)
      this.conflicts.push(
        `${key} version ${version}: event ${before.id} (entry ${before.position}) and event ${envelope.id} (entry ${position})`,
      );
  }

  discrepancies(): string[] {
    const found = [...this.conflicts];
    for (const [key, chain] of this.versions) {
      const highest = [...chain.keys()].reduce((a, b) => (b > a ? b : a), 0n);
      const missing: bigint[] = [];
      for (let version = 1n; version <= highest && missing.length <= 10; version += 1n) {
        if (!chain.has(version)) missing.push(version);
      }
      if (missing.length > 0) found.push(`${key}: versions ${missing.join(', ')} missing below ${highest}`);
    }
    return found;
  }
}

/**
 * The log's entries below `size`, a page at a time in its order, with the next pages already asked
 * for while one is checked (the gateway and the audit service answer on the other core).
 */
function logPages(options: VerifyOptions, size: number): { next(): Promise<LoggedEntry[] | undefined>; close(): void } {
  const asked: Promise<LoggedEntry[]>[] = [];
  let from = 0;
  const ask = () => {
    if (from >= size) return;
    const page = get<{ items: LoggedEntry[] }>(options, `/api/v1/audit/entries?from=${from}&limit=${PAGE}`).then(
      (answer) => answer.items,
    );
    page.catch(noop); // waited on in turn; a failure is thrown there
    asked.push(page);
    from += PAGE;
  };
  for (let n = 0; n < PAGES_AHEAD; n += 1) ask();
  return {
    async next() {
      const page = asked.shift();
      if (page === undefined) return undefined;
      ask();
      return page;
    },
    close() {
      from = size;
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

/** Whether the log's copy is Kafka's record: the same headers and bytes (what its leaf covers). */
function sameRecord(copy: { headers: Record<string, string>; value: Buffer }, record: KafkaRecord): boolean {
  if (!copy.value.equals(record.value)) return false;
  const names = Object.keys(record.headers);
  if (Object.keys(copy.headers).length !== names.length) return false;
  return names.every((name) => copy.headers[name] === record.headers[name]);
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
