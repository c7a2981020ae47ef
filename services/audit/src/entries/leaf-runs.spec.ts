import { entryLeaf } from '@parkledger/tlog';
import { type EntryCopy } from './entries.repository';
import { leafRuns } from './leaf-runs';

const copy = (position: number, topic: string, partition: number, offset: number, id = `e${position}`): EntryCopy => ({
  position: String(position),
  topic,
  partition,
  offset: String(offset),
  headers: { ce_id: id },
  value: Buffer.from([position]),
});

describe('the leaves of entries', () => {
  it('give each entry’s leaf from its copy, and where they were read in runs', () => {
    const copies = [
      copy(0, 'parks', 0, 7),
      copy(1, 'parks', 0, 8),
      copy(2, 'parks', 0, 9),
      // another partition, then back: a run each
      copy(3, 'parks', 1, 10),
      copy(4, 'parks', 0, 10),
      // an offset the log took no entry from (a copy it absorbed): a new run
      copy(5, 'parks', 0, 12),
      // another topic at the next offset of the same partition number
      copy(6, 'funds', 0, 13),
      // a position the log lacks
      copy(8, 'funds', 0, 14),
    ];
    const { runs, leafHashes } = leafRuns(copies);
    expect(runs).toEqual([
      { position: '0', topic: 'parks', partition: 0, offset: '7', count: 3 },
      { position: '3', topic: 'parks', partition: 1, offset: '10', count: 1 },
      { position: '4', topic: 'parks', partition: 0, offset: '10', count: 1 },
      { position: '5', topic: 'parks', partition: 0, offset: '12', count: 1 },
      { position: '6', topic: 'funds', partition: 0, offset: '13', count: 1 },
      { position: '8', topic: 'funds', partition: 0, offset: '14', count: 1 },
    ]);
    expect(leafHashes).toEqual(copies.map((entry) => entryLeaf(entry).toString('base64')));
  });

  it('give nothing for no entries', () => {
    expect(leafRuns([])).toEqual({ runs: [], leafHashes: [] });
  });
});
