import { Workbook } from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { toXlsx } from './xlsx';

/** The named part of a ZIP, read from its central directory: what the test checks the raw XML with. */
function part(file: Buffer, name: string): string {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = file.readUInt32LE(end + 16);
  for (let entry = 0; entry < file.readUInt16LE(end + 10); entry += 1) {
    const size = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    if (file.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
      return inflateRawSync(file.subarray(start, start + size)).toString('utf8');
    }
    at += 46 + nameLength + extra;
  }
  throw new Error(`no ${name}`);
}

const table = {
  name: 'capital account',
  columns: ['partnerName', 'amount', 'currency', 'count'],
  rows: [
    ['兖矿集团', { amount: '13000000000.00', currency: 'CNY' }, 'CNY', 40],
    ['-minus', { amount: '-0.10', currency: 'CNY' }, 'CNY', 0],
    ['=1+1', { amount: '9999999999999.99', currency: 'CNY' }, 'CNY', null],
    ['<&>', { amount: '12345678901234567.89', currency: 'CNY' }, 'CNY', 3],
    ['yen', { amount: '1500', currency: 'JPY' }, 'JPY', 1],
  ],
};

describe('toXlsx', () => {
  it('writes a workbook Excel’s format readers open, with the exact cells', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load(toXlsx(table) as unknown as Parameters<typeof workbook.xlsx.load>[0]); // exceljs declares a Buffer of its own
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('capital account');
    const values = [1, 2, 3, 4, 5, 6].map((r) => [1, 2, 3, 4].map((c) => sheet.getRow(r).getCell(c).value));
    expect(values).toEqual([
      ['partnerName', 'amount', 'currency', 'count'],
      ['兖矿集团', 13000000000, 'CNY', 40],
      ["'-minus", -0.1, 'CNY', 0],
      ["'=1+1", 9999999999999.99, 'CNY', null],
      ['<&>', '12345678901234567.89 CNY', 'CNY', 3],
      ['yen', 1500, 'JPY', 1],
    ]);
    expect([2, 3, 4, 6].map((r) => sheet.getRow(r).getCell(2).numFmt)).toEqual([
      '#,##0.00',
      '#,##0.00',
      '#,##0.00',
      '#,##0',
    ]);
  });

  it('writes each amount as its exact decimal text, never a float’s digits', () => {
    const sheet = part(toXlsx(table), 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="B2" s="4"><v>13000000000.00</v></c>');
    expect(sheet).toContain('<c r="B3" s="4"><v>-0.10</v></c>');
    expect(sheet).toContain('<c r="B4" s="4"><v>9999999999999.99</v></c>');
    expect(sheet).toContain(
      '<c r="B5" t="inlineStr"><is><t xml:space="preserve">12345678901234567.89 CNY</t></is></c>',
    );
    expect(sheet).toContain('<t xml:space="preserve">&lt;&amp;&gt;</t>');
  });

  it('drops the control characters XML 1.0 cannot hold, keeping tab and line breaks', () => {
    const sheet = part(
      toXlsx({ name: 'a/b:c', columns: ['x'], rows: [['one\u0001two\u000bthree\tfour\nfive']] }),
      'xl/worksheets/sheet1.xml',
    );
    expect(sheet).toContain('<t xml:space="preserve">onetwothree\tfour\nfive</t>');
  });

  it('gives the same bytes for the same table', () => {
    expect(toXlsx(table).equals(toXlsx(table))).toBe(true);
  });
});
