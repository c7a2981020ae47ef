import { chainLink, leafHash } from '@parkledger/tlog';
import { AggregateChain, type VersionedEntry } from './aggregate-chain';

const entry = (version: number, position = version * 10, eventId = `e${version}`): VersionedEntry => ({
  version: BigInt(version),
  position,
  leaf: leafHash(Buffer.from(`${eventId}@${version}`)),
  eventId,
});
const fresh = () => new AggregateChain({ chained: 0n, link: undefined, seen: 0n }, []);

describe('an aggregate’s hash chain', () => {
  it('links versions 1, 2, 3 each to the one before', () => {
    const chain = fresh();
    const [one, two] = [entry(1), entry(2)];
    expect(chain.add(one)).toEqual({
      kind: 'linked',
      links: [{ version: 1n, position: 10, link: chainLink(undefined, one.leaf) }],
    });
    const first = chainLink(undefined, one.leaf);
    expect(chain.add(two)).toEqual({
      kind: 'linked',
      links: [{ version: 2n, position: 20, link: chainLink(first, two.leaf) }],
    });
    expect(chain.current).toMatchObject({ chained: 2n, seen: 2n });
  });

  it('holds a version after a gap, names the missing ones, and links them all once the gap is filled', () => {
    const chain = fresh();
    chain.add(entry(1));
    expect(chain.add(entry(4))).toEqual({ kind: 'held', missing: { from: 2n, to: 3n } });
    expect(chain.add(entry(3))).toEqual({ kind: 'held' });
    const step = chain.add(entry(2));
    expect(step.kind === 'linked' && step.links.map((link) => link.version)).toEqual([2n, 3n, 4n]);
    expect(chain.current).toMatchObject({ chained: 4n, seen: 4n });
  });

  it('names only the new gap when a later version comes after one already missing', () => {
    const chain = fresh();
    expect(chain.add(entry(3))).toEqual({ kind: 'held', missing: { from: 1n, to: 2n } });
    expect(chain.add(entry(6))).toEqual({ kind: 'held', missing: { from: 4n, to: 5n } });
  });

  it('calls a second event at a version a conflict, linked or held, and keeps the first', () => {
    const chain = fresh();
    const one = entry(1);
    chain.add(one);
    chain.add(entry(3));
    expect(chain.add(entry(1, 99, 'forged'))).toEqual({ kind: 'conflicting-version', earlier: one });
    expect(chain.add(entry(3, 98, 'forged'))).toMatchObject({ kind: 'conflicting-version', earlier: { position: 30 } });
    expect(chain.current).toMatchObject({ chained: 1n, seen: 3n });
  });

  it('resumes from a state and the entries logged before', () => {
    const one = entry(1);
    const link = chainLink(undefined, one.leaf);
    const chain = new AggregateChain({ chained: 1n, link, seen: 3n }, [entry(3), entry(1)]);
    expect(chain.add(entry(1, 99, 'again'))).toMatchObject({ kind: 'conflicting-version', earlier: { eventId: 'e1' } });
    const step = chain.add(entry(2));
    expect(step.kind === 'linked' && step.links.map((l) => l.version)).toEqual([2n, 3n]);
  });
});
