import { chainLink, type Hash } from '@parkledger/tlog';

/** An entry of the log that names an aggregate version. */
export interface VersionedEntry {
  version: bigint;
  position: number;
  leaf: Hash;
  eventId: string;
}

/** Where an aggregate's chain stands: versions 1..chained linked (the last link), up to seen read. */
export interface ChainState {
  chained: bigint;
  link: Hash | undefined;
  seen: bigint;
}

export interface Link {
  version: bigint;
  position: number;
  link: Hash;
}

/** What one entry did to its aggregate's chain. */
export type ChainStep =
  | { kind: 'linked'; links: Link[] }
  /** it came after a gap: the versions between are missing until they come */
  | { kind: 'held'; missing?: { from: bigint; to: bigint } }
  /** another event holds its version: a tamper, kept with the entry it conflicts with */
  | { kind: 'conflicting-version'; earlier: VersionedEntry };

/**
 * One aggregate's hash chain as the log reads its events: versions must be 1, 2, 3, ... with one
 * event each. An event after a gap is held, and linked once the gap is filled; a second event at a
 * version is a conflict. Plain logic: the ingest loads the state and the entries it needs, then
 * writes what the steps say.
 */
export class AggregateChain {
  private readonly byVersion = new Map<bigint, VersionedEntry>();

  constructor(
    private state: ChainState,
    /** the entries already logged at versions beyond `chained`, or at versions arriving now */
    logged: readonly VersionedEntry[],
  ) {
    for (const entry of logged) if (!this.byVersion.has(entry.version)) this.byVersion.set(entry.version, entry);
  }

  get current(): ChainState {
    return this.state;
  }

  add(entry: VersionedEntry): ChainStep {
    const earlier = this.byVersion.get(entry.version);
    if (earlier !== undefined || entry.version <= this.state.chained) {
      if (earlier === undefined) throw new Error(`version ${entry.version} is linked but its entry was not loaded`);
      return { kind: 'conflicting-version', earlier };
    }
    this.byVersion.set(entry.version, entry);
    let { chained, link, seen } = this.state;
    const top = seen > chained ? seen : chained;
    const missing = entry.version > top + 1n ? { from: top + 1n, to: entry.version - 1n } : undefined;
    if (entry.version > seen) seen = entry.version;
    const links: Link[] = [];
    for (let next = this.byVersion.get(chained + 1n); next !== undefined; next = this.byVersion.get(chained + 1n)) {
      link = chainLink(link, next.leaf);
      links.push({ version: next.version, position: next.position, link });
      chained = next.version;
    }
    this.state = { chained, link, seen };
    if (links.length > 0) return { kind: 'linked', links };
    return missing === undefined ? { kind: 'held' } : { kind: 'held', missing };
  }
}
