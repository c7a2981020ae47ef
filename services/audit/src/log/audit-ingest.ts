import { decodeEvent, EventDecodeError, parseEnvelope } from '@parkledger/contracts';
import { prepared } from '@parkledger/messaging';
import { entryLeaf, Frontier, type Hash, type TreeNode } from '@parkledger/tlog';
import { type PoolClient } from 'pg';
import { AggregateChain, type ChainState, type Link, type VersionedEntry } from './aggregate-chain';
import { isInstant } from './instant';
import { mentionsOf } from './mentions';
import {
  aggregateKey,
  type AuditLogRepository,
  type DeliveredRecord,
  type NewAnomaly,
  type NewEntry,
} from './audit-log.repository';

/** A batch as read from Kafka, made ready outside the log's lock: each record's leaf, and its envelope or why it has none. */
export interface PreparedBatch {
  records: readonly DeliveredRecord[];
  leaves: readonly Hash[];
  envelopes: readonly Envelope[];
}

type Envelope = { event: NonNullable<NewEntry['event']> } | { problem: string };

/** What a batch did to the log. */
export interface IngestResult {
  /** entries appended: the first copy of each */
  logged: number;
  /** copies of entries logged before (a relay's republication), counted and not logged again */
  absorbed: number;
  /** records read before at the same place (the audit's own consumer redelivered them) */
  reread: number;
  anomalies: NewAnomaly[];
  /** the tree's size and root after the batch */
  size: number;
  root: Hash;
}

/** Serialises every writer of the log: one batch appends at a time, whatever the replicas. */
export const LOG_LOCK = 'parkledger:audit-log';

const NO_CHAIN: ChainState = { chained: 0n, link: undefined, seen: 0n };

/**
 * Appends a batch of Kafka records to the log, in the caller's transaction: each record's delivery,
 * each new entry as the next leaf of the Merkle tree with what its payload names of other aggregates
 * (its mentions, for their histories), each aggregate's chain, and what looked wrong.
 * - A record read again at the same place changes nothing.
 * - A copy of an entry already logged (same headers and bytes) is absorbed and counted.
 * - A record whose envelope or payload can't be read is logged, with an anomaly.
 * - An event id logged before with other bytes, or a second event at an aggregate's version, is
 *   logged too (the stream held it), with an anomaly naming the entry it conflicts with.
 * - An event after a gap in its aggregate's versions is held, with an anomaly for the missing ones
 *   that is resolved when they come.
 */
export class AuditIngest {
  constructor(private readonly log: AuditLogRepository) {}

  /** The tree's size and root as the log stands, under its lock (for a checkpoint due by time). */
  async head(tx: PoolClient): Promise<{ size: number; root: Hash }> {
    const frontier = await this.lockedFrontier(tx);
    return { size: frontier.size, root: frontier.root() };
  }

  /**
   * What a batch needs that does not depend on the log: each record's leaf (its hash) and envelope
   * (its payload decoded). The consumer prepares a batch before it waits for the log's lock, so
   * one batch is hashed while the one before it is written.
   */
  prepare(records: readonly DeliveredRecord[]): PreparedBatch {
    return { records, leaves: records.map((record) => entryLeaf(record)), envelopes: records.map(envelopeOf) };
  }

  async apply(tx: PoolClient, batch: PreparedBatch): Promise<IngestResult> {
    const { records, leaves, envelopes } = batch;
    const frontier = await this.lockedFrontier(tx);
    const size = frontier.size;
    const firstReads = await this.log.firstReads(tx, records);
    const logged = await this.log.loggedLeaves(
      tx,
      leaves.filter((_, n) => firstReads.has(n)),
    );
    const entries: NewEntry[] = [];
    const anomalies: NewAnomaly[] = [];
    let absorbed = 0;
    records.forEach((record, n) => {
      if (!firstReads.has(n)) return;
      const leaf = leaves[n] as Hash;
      const key = leaf.toString('latin1');
      if (logged.has(key)) {
        absorbed += 1;
        return;
      }
      logged.add(key);
      const position = size + entries.length;
      const read = envelopes[n] as Envelope;
      if ('problem' in read) anomalies.push({ kind: 'undecodable', position, detail: read.problem });
      entries.push({ position, leaf, record, ...('event' in read ? { event: read.event } : {}) });
    });
    const chained = await this.chain(tx, entries, anomalies);
    const nodes: TreeNode[] = [];
    for (const entry of entries) nodes.push(...frontier.append(entry.leaf));
    const deliveries = [...firstReads].map((n) => ({ record: records[n] as DeliveredRecord, leaf: leaves[n] as Hash }));
    await this.log.append(tx, { deliveries, entries, nodes, links: chained.links, chains: chained.states });
    await this.log.insertAnomalies(tx, anomalies);
    await this.log.resolveGaps(tx, chained.states, chained.gapped);
    return {
      logged: entries.length,
      absorbed,
      reread: records.length - firstReads.size,
      anomalies,
      size: frontier.size,
      root: frontier.root(),
    };
  }

  /**
   * The log's lock, then the right edge of its tree as it stands. With the lock the writer says it
   * logs entries with their mentions, which the entries' trigger asks of every insert into them.
   */
  private async lockedFrontier(tx: PoolClient): Promise<Frontier> {
    await tx.query(
      prepared("SELECT pg_advisory_xact_lock(hashtext($1)), set_config('parkledger.audit_mentions', 'recorded', true)"),
      [LOG_LOCK],
    );
    const size = await this.log.size(tx);
    return Frontier.of(size, await this.log.frontier(tx, size));
  }

  /**
   * Runs each decodable entry through its aggregate's chain, after the check of its event id. The
   * entries an aggregate's chain needs from the log (those held beyond where it stands, those at a
   * version an entry of the batch claims again) are read only for the aggregates that may have any.
   */
  private async chain(
    tx: PoolClient,
    entries: readonly NewEntry[],
    anomalies: NewAnomaly[],
  ): Promise<{
    links: (Link & { type: string; id: string })[];
    states: Map<string, ChainState>;
    /** the chains that held an entry beyond a gap: only they may have gaps to mark resolved */
    gapped: Set<string>;
  }> {
    const events = entries.flatMap((entry) =>
      entry.event === undefined
        ? []
        : [{ entry, event: entry.event, key: aggregateKey(entry.event.aggregateType, entry.event.aggregateId) }],
    );
    if (events.length === 0) return { links: [], states: new Map(), gapped: new Set() };
    const earlierIds = await this.log.entriesOfEvents(
      tx,
      events.map(({ event }) => event.id),
    );
    const keys = new Map(events.map(({ event, key }) => [key, event] as const));
    const states = await this.log.chains(
      tx,
      [...keys.values()].map((event) => ({ type: event.aggregateType, id: event.aggregateId })),
    );
    const stateOf = (key: string) => states.get(key) ?? NO_CHAIN;
    // a chain holds entries beyond where it stands only when it has read past it
    const gapped = new Set([...keys.keys()].filter((key) => stateOf(key).seen > stateOf(key).chained));
    const beyond = [...gapped].map((key) => {
      const event = keys.get(key) as NonNullable<NewEntry['event']>;
      return { type: event.aggregateType, id: event.aggregateId, chained: stateOf(key).chained };
    });
    const at = events
      .filter(({ event, key }) => event.version <= stateOf(key).chained)
      .map(({ event }) => ({ type: event.aggregateType, id: event.aggregateId, version: event.version }));
    const logged =
      beyond.length === 0 && at.length === 0
        ? new Map<string, VersionedEntry[]>()
        : await this.log.versionedEntries(tx, beyond, at);
    const chains = new Map(
      [...keys.keys()].map((key) => [key, new AggregateChain(stateOf(key), logged.get(key) ?? [])]),
    );
    const links: (Link & { type: string; id: string })[] = [];
    for (const { entry, event, key } of events) {
      const aggregate = { type: event.aggregateType, id: event.aggregateId };
      const earlier = earlierIds.get(event.id);
      if (earlier !== undefined) {
        const detail = `event ${event.id} was logged at ${earlier} with other bytes`;
        anomalies.push({ kind: 'conflicting-id', aggregate, position: entry.position, earlier, detail });
        continue;
      }
      earlierIds.set(event.id, entry.position);
      const chain = chains.get(key) as AggregateChain;
      const step = chain.add({ version: event.version, position: entry.position, leaf: entry.leaf, eventId: event.id });
      switch (step.kind) {
        case 'linked':
          for (const { version, position, link } of step.links) links.push({ version, position, link, ...aggregate });
          break;
        case 'held':
          gapped.add(key);
          if (step.missing !== undefined) {
            const { from, to } = step.missing;
            const detail = `${aggregate.type} ${aggregate.id}: versions ${from}..${to} missing before ${event.version}`;
            anomalies.push({ kind: 'missing', aggregate, versions: step.missing, position: entry.position, detail });
          }
          break;
        case 'conflicting-version': {
          const detail = `${aggregate.type} ${aggregate.id} version ${event.version}: event ${event.id} after event ${step.earlier.eventId}`;
          anomalies.push({
            kind: 'conflicting-version',
            aggregate,
            versions: { from: event.version, to: event.version },
            position: entry.position,
            earlier: step.earlier.position,
            detail,
          });
          break;
        }
      }
    }
    return { links, states: new Map([...chains].map(([key, chain]) => [key, chain.current])), gapped };
  }
}

/** Postgres's bigint: the largest aggregate version a log can hold. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** The record's envelope, when it and its payload can be read, else why not. */
function envelopeOf(record: DeliveredRecord): { event: NonNullable<NewEntry['event']> } | { problem: string } {
  const where = () => `${record.topic} ${record.partition}/${record.offset}`;
  // what Postgres would refuse to store as text is read as nothing: the record is logged, raw
  for (const name in record.headers) {
    if (name.includes('\u0000') || record.headers[name]?.includes('\u0000')) {
      return { problem: `${where()}: a header holds a NUL character` };
    }
  }
  try {
    const envelope = parseEnvelope(record.headers);
    const decoded = decodeEvent(envelope.type, record.value);
    const version = envelope.aggregateVersion;
    const number = /^[1-9][0-9]{0,18}$/.test(version) ? BigInt(version) : undefined;
    if (number === undefined || number > MAX_BIGINT) {
      return { problem: `${where()}: aggregate version ${JSON.stringify(version.slice(0, 40))} is not 1, 2, 3, ...` };
    }
    if (!isInstant(envelope.time)) {
      return { problem: `${where()}: ce_time ${JSON.stringify(envelope.time.slice(0, 40))} is not an RFC 3339 time` };
    }
    return {
      event: {
        id: envelope.id,
        type: envelope.type,
        aggregateType: envelope.aggregateType,
        aggregateId: envelope.subject,
        version: number,
        occurredAt: envelope.time,
        correlationId: envelope.correlationId ?? null,
        mentions: mentionsOf(decoded),
      },
    };
  } catch (error) {
    if (error instanceof EventDecodeError) return { problem: `${where()}: ${error.message}` };
    throw error;
  }
}
