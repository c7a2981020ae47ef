import { createHash } from 'node:crypto';
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

  it('order headers by their names’ UTF-8 bytes, and frame each value’s UTF-8, whatever the characters', () => {
    // the definition written plainly: every name and value framed as its own buffer, sorted by bytes
    const u32 = (n: number) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(n);
      return bytes;
    };
    const framed = (bytes: Buffer) => [u32(bytes.length), bytes];
    const plain = (headers: Record<string, string>, value: Buffer) => {
      const names = Object.keys(headers).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return Buffer.concat([
        Buffer.from('parkledger.audit.entry.v1\n'),
        u32(names.length),
        ...names.flatMap((name) => [...framed(Buffer.from(name)), ...framed(Buffer.from(headers[name] ?? ''))]),
        ...framed(value),
      ]);
    };
    const cases: Record<string, string>[] = [
      {},
      { ce_id: 'a', 'content-type': 'application/protobuf', ce_subject: '园区 Ürümqi' },
      // U+FF61 sorts after U+1F600 as UTF-16 code units, before it as UTF-8 bytes
      { '\uff61': 'x', '\u{1f600}': 'y', a: '' },
      { ce_source: 'lone \ud800 surrogate', é: 'e\u0301' },
    ];
    for (const headers of cases) {
      const value = Buffer.from('ünïcode value');
      expect(entryBytes({ headers, value }).toString('hex')).toBe(plain(headers, value).toString('hex'));
    }
  });

  it('chain each link to the one before', () => {
    const leaf = entryLeaf(record);
    const first = chainLink(undefined, leaf);
    expect(first).toEqual(createHash('sha256').update(Buffer.alloc(32)).update(leaf).digest());
    expect(chainLink(first, leaf)).toEqual(createHash('sha256').update(first).update(leaf).digest());
  });
});
