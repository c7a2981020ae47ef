import { DomainError } from '@parkledger/platform';
import { FieldCheck } from '@parkledger/service-kit';
import { checkImportedEntries, firstBreach, importableAccount, type ImportedEntry } from './imported-entries';

const P = '01900000-0000-7000-8000-00000000000a';
const cny = (minor: string) => ({ minorUnits: minor, currency: 'CNY' });
const fee = (on: string, minor: bigint): ImportedEntry => ({
  effectiveOn: on,
  operation: 'fee',
  memo: '',
  postings: [
    { account: 'fees', amount: minor, currency: 'CNY' },
    { account: 'cash', amount: -minor, currency: 'CNY' },
  ],
});

describe('an import of journal entries', () => {
  it('takes only the accounts of the chart an import may post to', () => {
    expect(importableAccount('cash')).toEqual({});
    expect(importableAccount(`distributed:${P}`)).toEqual({ partnerId: P });
    expect(importableAccount(`valuation:${P}`)).toEqual({ investmentId: P });
    expect(importableAccount(`unfunded:${P}`)).toBeUndefined(); // commitments go through their own route
    expect(importableAccount('distributed:someone')).toBeUndefined();
    expect(importableAccount('cash ')).toBeUndefined();
  });

  it('names every problem by its place in the import', () => {
    const check = new FieldCheck('ledger-invalid');
    checkImportedEntries(
      check,
      [
        {
          effectiveOn: '2024-01-01',
          operation: 'fee',
          postings: [
            { account: 'fees', amount: cny('100') },
            { account: 'cash', amount: cny('-100') },
          ],
        },
        {
          effectiveOn: '2024-13-01',
          operation: 'call',
          postings: [
            { account: 'fees', amount: cny('100') },
            { account: 'cash', amount: cny('-99') },
          ],
        },
        {
          effectiveOn: '2024-01-02',
          operation: 'fee',
          postings: [{ account: `unfunded:${P}`, amount: { minorUnits: '5', currency: 'USD' } }],
        },
      ],
      'CNY',
    );
    let fields: string[] = [];
    try {
      check.done();
    } catch (error) {
      fields = (error as DomainError).fields.map((f) => `${f.field} ${f.rule}`);
    }
    expect(fields).toEqual([
      'entries[1].effectiveOn date',
      'entries[1].operation one-of',
      'entries[1].postings balanced',
      'entries[2].postings[0].account importable-account',
      'entries[2].postings[0].amount fund-currency',
      'entries[2].postings balanced',
      'entries[2].postings balanced',
    ]);
  });

  it('takes only the accounts that fit each entry’s operation', () => {
    const check = new FieldCheck('ledger-invalid');
    checkImportedEntries(
      check,
      [
        {
          effectiveOn: '2024-01-01',
          operation: 'fee',
          postings: [
            { account: `investment:${P}`, amount: cny('100') },
            { account: 'cash', amount: cny('-100') },
          ],
        },
      ],
      'CNY',
    );
    expect(() => check.done()).toThrow('entries[0].postings[0].account: a fee entry posts to fees, cash');
  });

  it('refuses a posting the wrong way for its operation: an import makes no cash from nowhere', () => {
    const check = new FieldCheck('ledger-invalid');
    checkImportedEntries(
      check,
      [
        {
          effectiveOn: '2024-01-01',
          operation: 'distribute',
          postings: [
            { account: `distributed:${P}`, amount: cny('-100000') },
            { account: 'cash', amount: cny('100000') },
          ],
        },
      ],
      'CNY',
    );
    expect(() => check.done()).toThrow(
      `entries[0].postings[0].amount: a distribute entry debits (> 0) distributed:${P}; entries[0].postings[1].amount: a distribute entry credits (< 0) cash`,
    );
  });

  it('refuses an empty import and one of more than 1,000 entries', () => {
    for (const entries of [[], Array.from({ length: 1001 }, () => ({}))]) {
      const check = new FieldCheck('ledger-invalid');
      checkImportedEntries(check, entries, 'CNY');
      expect(() => check.done()).toThrow('an import has 1 to 1000 entries');
    }
  });

  it('finds the entry that first takes the cash below zero, by day, as the database would', () => {
    const days = new Map([['cash', new Map([['2024-01-10', 1000n]])]]);
    // in order given: a fee on the 20th, a receipt of nothing, a fee back on the 5th before any cash
    expect(firstBreach([fee('2024-01-20', 600n), fee('2024-01-05', 100n)], days)).toEqual({
      index: 1,
      account: 'cash',
      day: '2024-01-05',
      balance: -100n,
    });
    expect(firstBreach([fee('2024-01-20', 600n), fee('2024-01-21', 400n)], days)).toBeUndefined();
    expect(firstBreach([fee('2024-01-20', 600n), fee('2024-01-21', 401n)], days)).toMatchObject({
      index: 1,
      day: '2024-01-21',
      balance: -1n,
    });
  });

  it('names the entry that made room for a later day’s payment to fail', () => {
    // the books had 1,000 in on the 10th and 900 out on the 20th; a fee of 200 on the 15th leaves -100 on the 20th
    const days = new Map([
      [
        'cash',
        new Map([
          ['2024-01-10', 1000n],
          ['2024-01-20', -900n],
        ]),
      ],
    ]);
    expect(firstBreach([fee('2024-01-30', 1n), fee('2024-01-15', 200n)], days)).toEqual({
      index: 1,
      account: 'cash',
      day: '2024-01-20',
      balance: -100n,
    });
  });
});
