import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180 with a BOM, CRLF, quoted fields, exact amounts and formulas neutralised', () => {
    const csv = toCsv({
      name: 't',
      columns: ['name', 'amount', 'currency', 'count'],
      rows: [
        ['菏泽现代医药港', { amount: '13000000000.00', currency: 'CNY' }, 'CNY', 40],
        ['Shanlan, "Capital"', { amount: '-0.10', currency: 'CNY' }, 'CNY', 0],
        ['=HYPERLINK("http://x")', { amount: '12345678901234567.89', currency: 'CNY' }, 'CNY', null],
        ['+1', null, '-2', '@SUM(A1)'],
        ['two\r\nlines', null, '\tx', 'plain'],
      ],
    });
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toBe(
      '\uFEFFname,amount,currency,count\r\n' +
        '菏泽现代医药港,13000000000.00,CNY,40\r\n' +
        '"Shanlan, ""Capital""",-0.10,CNY,0\r\n' +
        '"\'=HYPERLINK(""http://x"")",12345678901234567.89,CNY,\r\n' +
        "'+1,,'-2,'@SUM(A1)\r\n" +
        '"two\r\nlines",,\'\tx,plain\r\n',
    );
  });
});
