import { type Hash, sha256 } from './merkle';

/**
 * What the audit log holds of a Kafka record, as bytes both the audit service and an independent
 * verifier compute the same way: the record's headers, sorted by name, and its exact value, each
 * length-prefixed (4 bytes, big-endian) behind a version tag. The topic, partition and offset are
 * where a copy was delivered, not what it says: a record republished by a relay is the same entry.
 */
export interface AuditedRecord {
  headers: Readonly<Record<string, string>>;
  value: Uint8Array;
}

const TAG = Buffer.from('parkledger.audit.entry.v1\n');

/**
 * A Kafka record's headers as an entry holds them: each as text, the first value of a repeated
 * one. The audit service and the verifier both read records through it, so they agree on the leaf.
 */
export function entryHeaders(
  headers: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>> | undefined,
): Record<string, string> {
  const text: Record<string, string> = {};
  if (headers === undefined) return text;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}

/** The last list of names sorted, and its order: a stream's records carry the same headers in the same order. */
let lastNames: readonly string[] = [];
let lastSorted: readonly string[] = [];

/** Names in the order of their UTF-8 bytes: a plain sort when all are printable ASCII (a code unit a byte). */
function sortedNames(headers: Readonly<Record<string, string>>): readonly string[] {
  const names = Object.keys(headers);
  if (names.length === lastNames.length && names.every((name, n) => name === lastNames[n])) return lastSorted;
  const sorted = names.every((name) => /^[ -~]*$/.test(name))
    ? [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : names
        .map((name) => ({ name, bytes: Buffer.from(name) }))
        .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
        .map(({ name }) => name);
  lastNames = names;
  lastSorted = sorted;
  return sorted;
}

/** Writes `text` as UTF-8 behind its length (4 bytes, big-endian) at `at`; answers where it ends. */
function framedText(bytes: Buffer, at: number, text: string): number {
  const size = bytes.write(text, at + 4);
  bytes.writeUInt32BE(size, at);
  return at + 4 + size;
}

export function entryBytes(record: AuditedRecord): Buffer {
  return framedEntry(record, 0);
}

/** The entry's bytes written from `start` on, in one buffer with that many bytes free before them. */
function framedEntry({ headers, value }: AuditedRecord, start: number): Buffer {
  const names = sortedNames(headers);
  let length = start + TAG.length + 4 + 4 + value.length;
  for (const name of names) length += 8 + Buffer.byteLength(name) + Buffer.byteLength(headers[name] ?? '');
  // written in place, one buffer an entry: the ingest and the verifier frame every record they read
  const bytes = Buffer.allocUnsafe(length);
  let at = start + TAG.copy(bytes, start);
  at = bytes.writeUInt32BE(names.length, at);
  for (const name of names) at = framedText(bytes, framedText(bytes, at, name), headers[name] ?? '');
  at = bytes.writeUInt32BE(value.length, at);
  bytes.set(value, at);
  return bytes;
}

/**
 * The entry's leaf hash in the log's Merkle tree, leafHash(entryBytes(record)) without the copy:
 * the bytes are written behind a free byte that takes RFC 6962's leaf prefix (0x00).
 */
export function entryLeaf(record: AuditedRecord): Hash {
  const framed = framedEntry(record, 1);
  framed[0] = 0x00;
  return sha256(framed);
}

/**
 * A link of an aggregate's hash chain: the hash of the link before it (32 zero bytes for version 1)
 * and of the event's leaf, so rewriting any event of the aggregate changes every link after it.
 */
export function chainLink(previous: Hash | undefined, leaf: Hash): Hash {
  const input = Buffer.alloc(64); // 32 zero bytes stand for no link before
  if (previous !== undefined) input.set(previous, 0);
  input.set(leaf, 32);
  return sha256(input);
}
