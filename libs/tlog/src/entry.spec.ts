import { chainLink, entryBytes, entryLeaf } from './entry';
import { leafHash } from './merkle';

const record = { headers: { ce_type: 'parkledger.park.registered.v1', ce_id: 'a' }, value: Buffer.from([1, 2, 3]) };

describe('audit entries', () => {
  it('frame sorted headers and the value behind a version tag', () => {
    const bytes = entryBytes(record);
    expect(bytes.toString('hex')).toBe(
      Buffer.concat([
        Buffer.from('parkledger.audit.entry.v1\n'),
        Buffer.from('00000002', 'hex'),
        Buffer.from('00000005', 'hex'),
        Buffer.from('ce_id'),
        Buffer.from('00000001', 'hex'),
        Buffer.from('a'),
        Buffer.from('00000007', 'hex'),
        Buffer.from('ce_type'),
        Buffer.from('0000001d', 'hex'),
        Buffer.from('parkledger.park.registered.v1'),
        Buffer.from('00000003010203', 'hex'),
      ]).toString('hex'),
    );
    expect(entryLeaf(record)).toEqual(leafHash(bytes));
  });

  it('are the same whatever the order the headers came in, and differ with any byte', () => {
    const reordered = { headers: { ce_id: 'a', ce_type: 'parkledger.park.registered.v1' }, value: record.value };
    expect(entryLeaf(reordered)).toEqual(entryLeaf(record));
    expect(entryLeaf({ ...record, value: Buffer.from([1, 2, 4]) })).not.toEqual(entryLeaf(record));
    expect(entryLeaf({ ...record, headers: { ...record.headers, ce_id: 'b' } })).not.toEqual(entryLeaf(record));
    // the framing keeps a header's bytes from passing for its neighbour's
    const shifted = { headers: { ce_id: 'ace_type', ce_typ: 'e' }, value: record.value };
    expect(entryLeaf(shifted)).not.toEqual(entryLeaf(record));
  });

  it('chain each link to the one before', () => {
    const first = chainLink(undefined, entryLeaf(record));
    expect(first).toEqual(chainLink(Buffer.alloc(32), entryLeaf(record)));
    expect(chainLink(first, entryLeaf(record))).not.toEqual(first);
  });
});
