import { decodeEvent, EventDecodeError, parseEnvelope, topicOf, type DecodedEvent } from '@parkledger/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kafka } from 'kafkajs';
import { type KafkaRecord, placeOf, readTopics } from './read-topics';

/** A journal entry as the stream carries it: every event that moves a fund's money holds its entry. */
interface StreamEntry {
  id: string;
  fundId: string;
  /** when the ledger recorded it (RFC 3339, the ledger's own clock) */
  recordedAt: number;
  postings: { account: string; currency: string; minor: bigint }[];
  /** where it was read, for a report */
  place: string;
}

type FundEvent = Extract<DecodedEvent, { type: `parkledger.fund.${string}` }>;
type JournalEntryJson = NonNullable<Extract<FundEvent, { type: 'parkledger.fund.fee-charged.v1' }>['payload']['entry']>;

/** The entries an event of the funds topic carries: one, or an import's many, or none. */
function entriesOf(event: FundEvent): JournalEntryJson[] {
  if (event.type === 'parkledger.fund.entries-imported.v1') return event.payload.entries;
  if ('entry' in event.payload && event.payload.entry !== undefined) return [event.payload.entry];
  return [];
}

const balanceKey = (account: string, currency: string) => `${account} ${currency}`;

/**
 * Every fund's journal rebuilt from the postings on the funds topic alone: each event read once
 * (a relay's republished copy holds the same event id), each entry once, each entry balanced.
 */
export class StreamBooks {
  private readonly entries = new Map<string, Map<string, StreamEntry>>();
  private readonly events = new Set<string>();
  readonly discrepancies: string[] = [];

  constructor(records: readonly KafkaRecord[]) {
    for (const record of records) this.add(record);
  }

  get funds(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    let entries = 0;
    for (const fund of this.entries.values()) entries += fund.size;
    return entries;
  }

  /** The time of the fund's latest entry on the stream: what the ledger knew by then is comparable. */
  latest(fundId: string): number | undefined {
    const times = [...(this.entries.get(fundId)?.values() ?? [])].map((entry) => entry.recordedAt);
    return times.length === 0 ? undefined : Math.max(...times);
  }

  /** Each account's balance, in minor units, from the entries recorded by `knownAt` (every one when undefined). */
  balances(fundId: string, knownAt: number | undefined): Map<string, bigint> {
    const balances = new Map<string, bigint>();
    for (const entry of this.entries.get(fundId)?.values() ?? []) {
      if (knownAt !== undefined && entry.recordedAt > knownAt) continue;
      for (const posting of entry.postings) {
        const key = balanceKey(posting.account, posting.currency);
        balances.set(key, (balances.get(key) ?? 0n) + posting.minor);
      }
    }
    return balances;
  }

  private add(record: KafkaRecord): void {
    let event: DecodedEvent;
    let id: string;
    let fundId: string;
    try {
      const envelope = parseEnvelope(record.headers);
      event = decodeEvent(envelope.type, record.value);
      id = envelope.id;
      fundId = envelope.subject;
    } catch (error) {
      if (error instanceof EventDecodeError) return; // the chains report what cannot be read
      throw error;
    }
    if (!event.type.startsWith('parkledger.fund.') || this.events.has(id)) return;
    this.events.add(id);
    const place = placeOf(record.topic, record.partition, record.offset);
    const fund = this.entries.get(fundId) ?? new Map<string, StreamEntry>();
    this.entries.set(fundId, fund);
    for (const entry of entriesOf(event as FundEvent)) {
      const before = fund.get(entry.id);
      if (before !== undefined) {
        this.discrepancies.push(
          `fund ${fundId}: entry ${entry.id} is on the stream twice, at ${before.place} and ${place}`,
        );
        continue;
      }
      const postings = entry.postings.map((posting) => ({
        account: posting.account,
        currency: posting.amount?.currency ?? '',
        minor: posting.amount?.minorUnits ?? 0n,
      }));
      const sums = new Map<string, bigint>();
      for (const posting of postings) sums.set(posting.currency, (sums.get(posting.currency) ?? 0n) + posting.minor);
      for (const [currency, sum] of sums) {
        if (sum !== 0n) {
          this.discrepancies.push(
            `fund ${fundId}: entry ${entry.id} at ${place} does not balance: its ${currency} postings sum to ${sum} minor units`,
          );
        }
      }
      if (entry.fundId !== fundId) {
        this.discrepancies.push(`entry ${entry.id} at ${place} is of fund ${entry.fundId}, on fund ${fundId}'s stream`);
      }
      fund.set(entry.id, { id: entry.id, fundId, recordedAt: Date.parse(entry.recordedAt), postings, place });
    }
  }
}

export interface FundCheckOptions {
  kafka: Kafka;
  topicPrefix: string;
  base: string;
  token: string;
  say: (line: string) => void;
}

/** How many times the stream is read again for a fund whose balances differ, before the difference is reported. */
const ROUNDS = 3;
/** How long the first re-reading waits for a relay behind; the next waits twice as long. */
const RELAY_WAIT_MS = 1000;

/**
 * Every fund's balances rebuilt from the stream, compared with the fund ledger's answers through
 * the gateway as they were known at the time of the fund's latest entry on the stream. A live
 * ledger may have recorded an entry by then that its relay has not published yet: a fund that
 * differs is compared again after the funds topic is read anew (1 s, then 2 s later), and only a
 * difference that outlasts {@link ROUNDS} readings is reported.
 */
export async function verifyFundBalances(
  options: FundCheckOptions,
  records: readonly KafkaRecord[],
): Promise<{ funds: number; entries: number; discrepancies: string[] }> {
  const topic = `${options.topicPrefix}${topicOf('parkledger.fund.registered.v1')}`;
  let books = new StreamBooks(records.filter((record) => record.topic === topic));
  const counted = { funds: books.funds.length, entries: books.size };
  let pending = books.funds;
  let differences: string[] = [];
  for (let round = 1; pending.length > 0; round += 1) {
    differences = [];
    const differing: string[] = [];
    for (const fundId of pending) {
      const found = await compareFund(options, books, fundId);
      if (found.length > 0) differing.push(fundId);
      differences.push(...found);
    }
    if (differing.length === 0 || round === ROUNDS) break;
    options.say(`  ${differing.length} funds differ from the ledger; reading the funds topic again`);
    await sleep(RELAY_WAIT_MS * round); // a relay behind has this long to publish what the ledger recorded
    books = new StreamBooks((await readTopics(options.kafka, [topic], () => undefined)).records);
    pending = differing;
  }
  return { ...counted, discrepancies: [...books.discrepancies, ...differences] };
}

/** What differs between the stream's balances of one fund and the ledger's, each account named. */
async function compareFund(options: FundCheckOptions, books: StreamBooks, fundId: string): Promise<string[]> {
  const knownAt = books.latest(fundId);
  const known = knownAt === undefined ? '' : `?knownAt=${new Date(knownAt).toISOString()}`;
  const response = await fetch(`${options.base}/api/v1/funds/${fundId}/balances${known}`, {
    headers: { authorization: `Bearer ${options.token}` },
  });
  if (response.status === 404) return [`fund ${fundId} is on the stream, but the fund ledger does not know it`];
  if (response.status !== 200) {
    throw new Error(`GET balances of fund ${fundId}: ${response.status} ${await response.text()}`);
  }
  const answer = (await response.json()) as { balances: { account: string; balance: MoneyText }[] };
  const ledger = new Map(
    answer.balances.map((line) => [balanceKey(line.account, line.balance.currency), line.balance]),
  );
  const stream = books.balances(fundId, knownAt);
  const when = knownAt === undefined ? 'now' : `as known at ${new Date(knownAt).toISOString()}`;
  const found: string[] = [];
  for (const key of new Set([...stream.keys(), ...ledger.keys()])) {
    const theirs = ledger.get(key);
    const ours = stream.get(key);
    if (theirs !== undefined && ours === minorOf(theirs)) continue;
    const digits = theirs?.amount.split('.')[1]?.length ?? 2;
    found.push(
      `fund ${fundId} account ${key}: the stream's postings give ${ours === undefined ? 'no such account' : decimal(ours, digits)}, the ledger ${theirs === undefined ? 'has no such account' : `says ${theirs.amount}`} (${when})`,
    );
  }
  return found;
}

interface MoneyText {
  amount: string;
  currency: string;
}

/** The API writes an amount with exactly its currency's decimal places: its digits are its minor units. */
const minorOf = (money: MoneyText): bigint => BigInt(money.amount.replace('.', ''));

function decimal(minor: bigint, digits: number): string {
  const sign = minor < 0n ? '-' : '';
  const text = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
