import { hash } from 'node:crypto';

/**
 * The Merkle tree of a transparency log, as RFC 6962 (and RFC 9162, and c2sp.org/merkle-tree)
 * define it: SHA-256, a leaf hashed behind a 0x00 byte, an interior node behind 0x01, and a tree of
 * n leaves split at the largest power of two below n. Proofs are computed over any store of the
 * tree's perfect subtrees (`NodeReader`), so a log kept in a database and one kept in memory prove
 * the same way; verification needs nothing but the proof.
 */

export type Hash = Buffer;

const LEAF = 0x00;
const NODE = 0x01;

/**
 * SHA-256 of `data` in one call: no Hash object made and dropped a hash. The ingest hashes about
 * four times an event (its leaf, its chain's link, the tree's nodes); each Hash object it made was
 * one more native object for the garbage collector to finalise.
 */
export const sha256 = (data: Uint8Array): Hash => hash('sha256', data, 'buffer');

/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256(Buffer.alloc(0));

export function leafHash(entry: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = LEAF;
  input.set(entry, 1);
  return sha256(input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The hash of a perfect subtree: the 2^level leaves from index × 2^level. Level 0 is a leaf's hash.
 * Reads may be asynchronous (a database) or not (an array).
 */
export type NodeReader = (level: number, index: number) => Hash | Promise<Hash>;

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/**
 * The root of the leaves [begin, end) of a log, as that range appears in the log's own tree: its
 * left parts are perfect subtrees, read whole; only the right edge is hashed here.
 */
export async function rangeRoot(read: NodeReader, begin: number, end: number): Promise<Hash> {
  const n = end - begin;
  if (n <= 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n) && begin % n === 0) return read(Math.log2(n), begin / n);
  const k = splitPoint(n);
  return nodeHash(await rangeRoot(read, begin, begin + k), await rangeRoot(read, begin + k, end));
}

/** The root of the log's first `size` leaves. */
export function rootAt(read: NodeReader, size: number): Promise<Hash> {
  return rangeRoot(read, 0, size);
}

function checkSize(what: string, value: number, bound: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > bound) {
    throw new RangeError(`${what} ${value} is out of range (0..${bound})`);
  }
}

/** The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves: PATH(m, D[n]). */
export async function inclusionProof(read: NodeReader, index: number, size: number): Promise<Hash[]> {
  checkSize('tree size', size, Number.MAX_SAFE_INTEGER);
  checkSize('leaf index', index, size - 1);
  const path: Hash[] = [];
  const walk = async (m: number, begin: number, end: number): Promise<void> => {
    const n = end - begin;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      await walk(m, begin, begin + k);
      path.push(await rangeRoot(read, begin + k, end));
    } else {
      await walk(m - k, begin + k, end);
      path.push(await rangeRoot(read, begin, begin + k));
    }
  };
  await walk(index, 0, size);
  return path;
}

/** The consistency proof from the tree of `from` leaves to the tree of `to` leaves: PROOF(m, D[n]). */
export async function consistencyProof(read: NodeReader, from: number, to: number): Promise<Hash[]> {
  checkSize('tree size', to, Number.MAX_SAFE_INTEGER);
  checkSize('old tree size', from, to);
  const proof: Hash[] = [];
  if (from === 0 || from === to) return proof;
  const sub = async (m: number, begin: number, end: number, whole: boolean): Promise<void> => {
    const n = end - begin;
    if (m === n) {
      if (!whole) proof.push(await rangeRoot(read, begin, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      await sub(m, begin, begin + k, whole);
      proof.push(await rangeRoot(read, begin + k, end));
    } else {
      await sub(m - k, begin + k, end, false);
      proof.push(await rangeRoot(read, begin, begin + k));
    }
  };
  await sub(from, 0, to, true);
  return proof;
}

/** Why a proof failed, or undefined when it holds. */
export type ProofFailure = string | undefined;

/** Checks an inclusion proof of the leaf hash at `index` in the tree of `size` leaves with root `root`. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofFailure {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return `leaf index ${index} is not in a tree of ${size}`;
  }
  let fn = index;
  let sn = size - 1;
  let hash: Uint8Array = leaf;
  for (const sibling of proof) {
    if (sn === 0) return 'the proof has too many hashes';
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'the proof has too few hashes';
  return Buffer.from(hash).equals(root) ? undefined : 'the proof leads to another root';
}

/**
 * Checks a consistency proof that the tree of `from` leaves with root `oldRoot` is a prefix of the
 * tree of `to` leaves with root `newRoot`.
 */
export function verifyConsistency(
  from: number,
  to: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): ProofFailure {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) {
    return `a tree of ${from} can't be a prefix of a tree of ${to}`;
  }
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);
  if (from === to) {
    if (proof.length > 0) return 'a proof between equal sizes must be empty';
    return same(oldRoot, newRoot) ? undefined : 'two different roots for one tree size';
  }
  if (from === 0) return proof.length === 0 ? undefined : 'a proof from the empty tree must be empty';
  if (proof.length === 0) return 'the proof is empty';
  const hashes = isPowerOfTwo(from) ? [oldRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = hashes;
  if (first === undefined) return 'the proof is empty';
  let fr: Uint8Array = first;
  let sr: Uint8Array = first;
  for (const p of rest) {
    if (sn === 0) return 'the proof has too many hashes';
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(p, fr);
      sr = nodeHash(p, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'the proof has too few hashes';
  if (!same(fr, oldRoot)) return 'the proof does not lead to the old root';
  return same(sr, newRoot) ? undefined : 'the proof does not lead to the new root';
}

/** A perfect subtree of the tree: 2^level leaves from index × 2^level. */
export interface TreeNode {
  level: number;
  index: number;
  hash: Hash;
}

/**
 * The perfect subtrees along the right edge of a tree of `size` leaves, largest first: what a log
 * needs to append the next leaf and to compute its root, without the rest of the tree.
 */
export function frontierOf(size: number): { level: number; index: number }[] {
  const nodes: { level: number; index: number }[] = [];
  let begin = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level -= 1) {
    const width = 2 ** level;
    if (begin + width <= size) {
      nodes.push({ level, index: begin / width });
      begin += width;
    }
  }
  return nodes;
}

/**
 * The right edge of a tree (c2sp's "compact range"): appends leaves, answering each perfect subtree
 * it completes for the log to keep, and gives the root at any time.
 */
export class Frontier {
  private constructor(
    private count: number,
    /** frontierOf(count)'s hashes, largest first */
    private readonly edge: Hash[],
  ) {}

  /** The frontier of a tree of `size` leaves, from the hashes of frontierOf(size), in that order. */
  static of(size: number, hashes: readonly Hash[]): Frontier {
    if (hashes.length !== frontierOf(size).length) {
      throw new RangeError(
        `a tree of ${size} leaves has ${frontierOf(size).length} frontier nodes, not ${hashes.length}`,
      );
    }
    return new Frontier(size, [...hashes]);
  }

  get size(): number {
    return this.count;
  }

  append(leaf: Hash): TreeNode[] {
    const made: TreeNode[] = [{ level: 0, index: this.count, hash: leaf }];
    let hash = leaf;
    let index = this.count;
    for (let level = 0; index % 2 === 1; level += 1) {
      hash = nodeHash(this.edge.pop() as Hash, hash);
      index = Math.floor(index / 2);
      made.push({ level: level + 1, index, hash });
    }
    this.edge.push(hash);
    this.count += 1;
    return made;
  }

  root(): Hash {
    if (this.edge.length === 0) return EMPTY_ROOT;
    let hash = this.edge[this.edge.length - 1] as Hash;
    for (let n = this.edge.length - 2; n >= 0; n -= 1) hash = nodeHash(this.edge[n] as Hash, hash);
    return hash;
  }
}

/**
 * A tree in memory: its leaf hashes and every perfect subtree above them, appended one leaf at a
 * time. The audit service keeps the same nodes in its database; the verifier and the tests keep
 * them here.
 */
export class MemoryTree {
  /** levels[l][i]: the perfect subtree of 2^l leaves from i × 2^l */
  private readonly levels: Hash[][] = [];
  private readonly frontier = Frontier.of(0, []);

  get size(): number {
    return this.frontier.size;
  }

  /** Appends a leaf hash; answers the perfect subtrees it completed, from level 0 up. */
  append(leaf: Hash): TreeNode[] {
    const made = this.frontier.append(leaf);
    for (const { level, index, hash } of made) (this.levels[level] ??= [])[index] = hash;
    return made;
  }

  readonly read: NodeReader = (level, index) => {
    const hash = this.levels[level]?.[index];
    if (hash === undefined) throw new RangeError(`no perfect subtree at level ${level}, index ${index}`);
    return hash;
  };

  root(size = this.size): Promise<Hash> {
    return rootAt(this.read, size);
  }
}
