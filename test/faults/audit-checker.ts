/**
 * The audit log's part of the history checker: given every record of the audited topics as Kafka
 * holds them and the audit schema's tables after everything drained, it names what the log lost,
 * holds twice, flagged, left with a gap or signed inconsistently. Pure (it hashes, it reads
 * nothing), so that it can be shown to catch each (checker.spec.ts).
 */
import {
  chainLink,
  MemoryTree,
  NoteError,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  type Checkpoint,
  type Hash,
} from '@parkledger/tlog';

/** A record of an audited topic as Kafka holds it. */
export interface KafkaRecordFact {
  /** topic/partition/offset */
  place: string;
  /** its ce_id header */
  eventId: string;
  /** its entry's leaf (libs/tlog entryLeaf: its headers and exact value), hex */
  leaf: string;
}

/** An entry of the log: its position, the leaf it keeps and the leaf of its copy of the record. */
export interface EntryFact {
  position: number;
  /** the leaf the log keeps, hex */
  leaf: string;
  /** the leaf of the log's copy of the record (its headers and value), recomputed here, hex */
  copy: string;
  /** where its first copy was read: topic/partition/offset */
  place: string;
  eventId: string | null;
  /** absent when the envelope could not be read (an anomaly) */
  aggregate?: { type: string; id: string; version: bigint };
}

export interface CheckpointFact {
  sequence: number;
  size: number;
  /** hex */
  root: string;
  note: string;
  /** the fault window it was signed in */
  label: string;
  /** the service's consistency proof from the checkpoint before it (none for the first), hex */
  proof: string[];
}

export interface AuditFacts {
  /** the system's verifier key of its checkpoints, and their origin */
  key: string;
  origin: string;
  /** every record of every audited topic */
  records: KafkaRecordFact[];
  /** where the log read a record, with the leaf it found there */
  deliveries: { place: string; leaf: string }[];
  entries: EntryFact[];
  /** the perfect subtrees of the tree the log keeps, hashes hex */
  nodes: { level: number; index: number; hash: string }[];
  /** the links of each aggregate's hash chain, hex */
  links: { type: string; id: string; version: bigint; position: number; link: string }[];
  /** where each aggregate's chain stands */
  aggregates: { type: string; id: string; chained: bigint; seen: bigint; link: string | null }[];
  anomalies: { id: string; kind: string; position: number | null; detail: string; resolved: boolean }[];
  /** the checkpoints the log signed, by sequence */
  checkpoints: CheckpointFact[];
  /** the notes on the checkpoints topic (a republished one more than once) */
  published: string[];
}

/** What the audit log held, for the report. */
export interface AuditSummary {
  records: number;
  entries: number;
  /** copies on Kafka beyond an event's first (relays republished them), absorbed as deliveries */
  absorbed: number;
  anomalies: number;
  aggregates: number;
  nodes: number;
  checkpoints: number;
  /** the tree size of the last checkpoint */
  signed: number;
}

/** Where a problem goes: the fault window of an event id (else the last window), and what it is. */
export interface AuditReport {
  labelOf: (eventId: string | null | undefined) => string;
  fail: (label: string, problem: string) => void;
}

const hex = (text: string): Hash => Buffer.from(text, 'hex');
const aggregateName = (type: string, id: string) => `${type} ${id}`;

export async function checkAudit(facts: AuditFacts, report: AuditReport): Promise<AuditSummary> {
  const { labelOf, fail } = report;
  const entries = [...facts.entries].sort((a, b) => a.position - b.position);
  const eventAt = new Map(entries.map((entry) => [entry.position, entry.eventId]));

  const absorbed = exactlyOnce(facts, entries, report);

  // no anomaly: a redelivered or republished record is absorbed, never flagged
  for (const anomaly of facts.anomalies) {
    const state = anomaly.resolved ? 'raised, then resolved' : 'open';
    fail(
      labelOf(eventAt.get(anomaly.position ?? -1)),
      `anomaly ${anomaly.id} (${anomaly.kind}, ${state}): ${anomaly.detail}`,
    );
  }

  // no gap: positions 0..n-1, each aggregate's chain linked through every version it saw
  entries.forEach((entry, n) => {
    if (entry.position !== n)
      fail(labelOf(entry.eventId), `the log has no entry at position ${n}: the next is ${entry.position}`);
  });
  const aggregates = chains(facts, entries, report);
  const tree = new MemoryTree();
  for (const entry of entries) tree.append(hex(entry.leaf));
  const nodes = treeNodes(facts, tree, report);

  await checkpoints(facts, tree, report);

  const last = facts.checkpoints.reduce((max, checkpoint) => Math.max(max, checkpoint.size), 0);
  return {
    records: facts.records.length,
    entries: entries.length,
    absorbed,
    anomalies: facts.anomalies.length,
    aggregates,
    nodes,
    checkpoints: facts.checkpoints.length,
    signed: last,
  };
}

/**
 * Every record on Kafka was read where it is, with its bytes; each distinct record (event id and
 * bytes) is one entry, its copies deliveries; every entry holds a record Kafka holds, its copy
 * intact. Answers how many copies were absorbed.
 */
function exactlyOnce(facts: AuditFacts, entries: readonly EntryFact[], { labelOf, fail }: AuditReport): number {
  const onKafka = new Map<string, KafkaRecordFact[]>();
  const placesOnKafka = new Map<string, KafkaRecordFact>();
  for (const record of facts.records) {
    onKafka.set(record.leaf, [...(onKafka.get(record.leaf) ?? []), record]);
    placesOnKafka.set(record.place, record);
  }
  const delivered = new Map(facts.deliveries.map((delivery) => [delivery.place, delivery.leaf]));
  for (const record of facts.records) {
    const leaf = delivered.get(record.place);
    if (leaf === undefined) fail(labelOf(record.eventId), `the audit log never read the record at ${record.place}`);
    else if (leaf !== record.leaf)
      fail(labelOf(record.eventId), `the audit log read other bytes at ${record.place} than Kafka holds there`);
  }
  for (const delivery of facts.deliveries) {
    if (!placesOnKafka.has(delivery.place))
      fail(labelOf(undefined), `the audit log read ${delivery.place}, where Kafka holds no record`);
  }

  const byLeaf = new Map<string, EntryFact[]>();
  const byEvent = new Map<string, EntryFact[]>();
  for (const entry of entries) {
    byLeaf.set(entry.leaf, [...(byLeaf.get(entry.leaf) ?? []), entry]);
    if (entry.eventId !== null) byEvent.set(entry.eventId, [...(byEvent.get(entry.eventId) ?? []), entry]);
  }
  let absorbed = 0;
  const eventIds = new Set<string>();
  for (const [leaf, copies] of onKafka) {
    const { eventId, place } = copies[0] as KafkaRecordFact;
    eventIds.add(eventId);
    absorbed += copies.length - 1;
    const logged = byLeaf.get(leaf) ?? [];
    if (logged.length === 0) fail(labelOf(eventId), `event ${eventId} (on Kafka at ${place}) is not in the audit log`);
    if (logged.length > 1)
      fail(
        labelOf(eventId),
        `event ${eventId} is in the audit log ${logged.length} times: positions ${logged.map((e) => e.position).join(', ')}`,
      );
  }
  for (const eventId of eventIds) {
    const logged = byEvent.get(eventId) ?? [];
    const leaves = new Set(logged.map((entry) => entry.leaf));
    if (leaves.size > 1)
      fail(
        labelOf(eventId),
        `event ${eventId} is in the audit log ${leaves.size} times with other bytes: positions ${logged.map((e) => e.position).join(', ')}`,
      );
  }
  for (const entry of entries) {
    const copies = onKafka.get(entry.leaf);
    const label = labelOf(entry.eventId);
    if (entry.copy !== entry.leaf)
      fail(label, `entry ${entry.position}: the log's copy of the record is not the leaf it keeps`);
    if (copies === undefined) {
      fail(label, `entry ${entry.position} (event ${entry.eventId ?? 'unread'}) holds a record Kafka does not`);
      continue;
    }
    const [first] = copies as [KafkaRecordFact];
    if (entry.eventId !== first.eventId)
      fail(
        label,
        `entry ${entry.position} names event ${entry.eventId ?? 'none'}; its record on Kafka is event ${first.eventId}`,
      );
    if (!copies.some((copy) => copy.place === entry.place))
      fail(label, `entry ${entry.position} says it was read at ${entry.place}, where Kafka holds another record`);
  }
  return absorbed;
}

/**
 * Each aggregate's versions are 1..n, one entry each, and the log's chain runs through all of them:
 * every link is the one recomputed from the entries, and where the chain stands is chained = seen = n.
 * Answers how many aggregates the log chains.
 */
function chains(facts: AuditFacts, entries: readonly EntryFact[], { labelOf, fail }: AuditReport): number {
  const versions = new Map<string, Map<bigint, EntryFact>>();
  for (const entry of entries) {
    if (entry.aggregate === undefined) continue;
    const name = aggregateName(entry.aggregate.type, entry.aggregate.id);
    const chain = versions.get(name) ?? new Map<bigint, EntryFact>();
    versions.set(name, chain);
    const earlier = chain.get(entry.aggregate.version);
    // a second entry of the same record is a duplicate, named above; of another, a conflict
    if (earlier === undefined) chain.set(entry.aggregate.version, entry);
    else if (earlier.leaf !== entry.leaf)
      fail(
        labelOf(entry.eventId),
        `${name} version ${entry.aggregate.version}: entries ${earlier.position} and ${entry.position}`,
      );
  }
  const links = new Map(facts.links.map((link) => [`${aggregateName(link.type, link.id)}/${link.version}`, link]));
  const states = new Map(facts.aggregates.map((state) => [aggregateName(state.type, state.id), state]));
  for (const [name, chain] of versions) {
    const top = [...chain.keys()].reduce((a, b) => (b > a ? b : a), 0n);
    const label = labelOf(chain.get(top)?.eventId);
    let link: Hash | undefined;
    let broken = false;
    for (let version = 1n; version <= top; version += 1n) {
      const entry = chain.get(version);
      if (entry === undefined) {
        fail(label, `${name}: version ${version} is missing below ${top}`);
        broken = true;
        break;
      }
      link = chainLink(link, hex(entry.leaf));
      const kept = links.get(`${name}/${version}`);
      if (kept === undefined) fail(label, `${name}: version ${version} (entry ${entry.position}) is not linked`);
      else if (kept.position !== entry.position || kept.link !== link.toString('hex')) {
        fail(label, `${name}: the link of version ${version} is not the one its entries give`);
        broken = true;
        break;
      }
    }
    const state = states.get(name);
    if (state === undefined) fail(label, `${name}: the log keeps no chain for it`);
    else if (state.chained !== top || state.seen !== top)
      fail(label, `${name}: its chain stands at ${state.chained} of ${state.seen} seen; its entries reach ${top}`);
    else if (!broken && state.link !== link?.toString('hex'))
      fail(label, `${name}: its chain's last link is not its entries'`);
  }
  for (const state of facts.aggregates) {
    const name = aggregateName(state.type, state.id);
    if (!versions.has(name)) fail(labelOf(undefined), `${name}: a chain at ${state.chained} for no entry`);
  }
  const linked = new Set(entries.filter((entry) => entry.aggregate !== undefined).map((entry) => entry.position));
  for (const link of facts.links) {
    if (!linked.has(link.position))
      fail(
        labelOf(eventOf(entries, link.position)),
        `a link of ${aggregateName(link.type, link.id)} at entry ${link.position}, which names no such version`,
      );
  }
  return versions.size;
}

const eventOf = (entries: readonly EntryFact[], position: number) => entries[position]?.eventId;

/** The log keeps exactly the perfect subtrees of a tree rebuilt from its entries. Answers how many. */
function treeNodes(facts: AuditFacts, tree: MemoryTree, { labelOf, fail }: AuditReport): number {
  const kept = new Set<string>();
  let differ = 0;
  for (const node of facts.nodes) {
    kept.add(`${node.level}/${node.index}`);
    let rebuilt: Hash | undefined;
    try {
      rebuilt = tree.read(node.level, node.index) as Hash;
    } catch {
      rebuilt = undefined;
    }
    if (rebuilt === undefined)
      fail(labelOf(undefined), `tree node ${node.level}/${node.index} is past the ${tree.size} entries`);
    else if (rebuilt.toString('hex') !== node.hash) differ += 1;
  }
  if (differ > 0) fail(labelOf(undefined), `${differ} tree nodes differ from a tree rebuilt from the entries`);
  let missing = 0;
  let expected = 0;
  for (let width = 1; width <= tree.size; width *= 2) {
    const level = Math.log2(width);
    for (let index = 0; index < Math.floor(tree.size / width); index += 1) {
      expected += 1;
      if (!kept.has(`${level}/${index}`)) missing += 1;
    }
  }
  if (missing > 0)
    fail(labelOf(undefined), `the log lacks ${missing} of the ${expected} tree nodes of its ${tree.size} entries`);
  return facts.nodes.length;
}

/**
 * Every checkpoint the log signed opens with the system's key, its tree size and root are the
 * rebuilt tree's, the service proves each consistent with the one before (the proof checked here,
 * not believed), the last signs the whole log, and the checkpoints topic holds each, and no other.
 */
async function checkpoints(facts: AuditFacts, tree: MemoryTree, { labelOf, fail }: AuditReport): Promise<void> {
  const key = parseVerifierKey(facts.key);
  const signed = [...facts.checkpoints].sort((a, b) => a.sequence - b.sequence);
  let previous: Checkpoint | undefined;
  for (const [n, checkpoint] of signed.entries()) {
    const { label } = checkpoint;
    if (checkpoint.sequence !== n + 1) fail(label, `checkpoint ${checkpoint.sequence} follows checkpoint ${n}`);
    let opened: Checkpoint;
    try {
      opened = openCheckpoint(checkpoint.note, key, facts.origin);
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      fail(label, `checkpoint ${checkpoint.sequence} does not open with ${facts.key}: ${error.message}`);
      continue;
    }
    if (opened.size !== checkpoint.size || opened.root.toString('hex') !== checkpoint.root)
      fail(
        label,
        `checkpoint ${checkpoint.sequence}: its note signs ${opened.size} entries, the log says ${checkpoint.size}`,
      );
    if (opened.size > tree.size)
      fail(label, `checkpoint ${checkpoint.sequence} signs ${opened.size} entries; the log holds ${tree.size}`);
    else if (!(await tree.root(opened.size)).equals(opened.root))
      fail(label, `checkpoint ${checkpoint.sequence}: its root is not the root of the first ${opened.size} entries`);
    if (previous !== undefined) {
      const failure = verifyConsistency(
        previous.size,
        opened.size,
        previous.root,
        opened.root,
        checkpoint.proof.map(hex),
      );
      if (failure !== undefined)
        fail(
          label,
          `checkpoints ${checkpoint.sequence - 1} (${previous.size}) and ${checkpoint.sequence} (${opened.size}) are inconsistent: ${failure}`,
        );
    }
    previous = opened;
  }
  if ((previous?.size ?? 0) !== tree.size)
    fail(labelOf(undefined), `the last checkpoint signs ${previous?.size ?? 0} of the log's ${tree.size} entries`);
  const published = new Set(facts.published);
  for (const checkpoint of signed) {
    if (!published.has(checkpoint.note))
      fail(checkpoint.label, `checkpoint ${checkpoint.sequence} is not on the checkpoints topic`);
  }
  const notes = new Set(signed.map((checkpoint) => checkpoint.note));
  for (const note of published) {
    if (!notes.has(note))
      fail(
        labelOf(undefined),
        `the checkpoints topic holds one the log never signed: ${JSON.stringify(note.split('\n').slice(0, 2))}`,
      );
  }
}
