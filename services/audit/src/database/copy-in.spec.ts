import { CopyRows } from './copy-in';

describe('rows for COPY in its text format', () => {
  const text = (rows: CopyRows) => rows.data().toString();

  it('separates fields with a tab and ends each row with a newline, nulls as \\N', () => {
    const rows = new CopyRows();
    rows.add(['parkledger.probes.v1', 2, 17n, null]);
    rows.add(['x', 0, -1n, '']);
    expect(rows.size).toBe(2);
    expect(text(rows)).toBe('parkledger.probes.v1\t2\t17\t\\N\nx\t0\t-1\t\n');
  });

  it('escapes a backslash, tab, newline and carriage return in text, and writes it as UTF-8', () => {
    const rows = new CopyRows();
    rows.add(['a\\b\tc\nd\re', '园区 \\N ü']);
    expect(text(rows)).toBe('a\\\\b\\tc\\nd\\re\t园区 \\\\N ü\n');
  });

  it('writes bytes as bytea’s hex form, its backslash escaped', () => {
    const rows = new CopyRows();
    rows.add([Buffer.from([0x00, 0x0f, 0xa5, 0xff]), Buffer.alloc(0)]);
    expect(text(rows)).toBe('\\\\x000fa5ff\t\\\\x\n');
  });

  it('grows past its first buffer without losing a byte', () => {
    const rows = new CopyRows();
    const value = Buffer.alloc(50_000, 0xab);
    for (let n = 0; n < 5; n += 1) rows.add([n, value, 'é'.repeat(20_000)]);
    const lines = text(rows).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[4]).toBe(`4\t\\\\x${'ab'.repeat(50_000)}\t${'é'.repeat(20_000)}`);
  });
});
