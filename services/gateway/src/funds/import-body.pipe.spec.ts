import { type DomainError } from '@parkledger/platform';
import { ImportBodyPipe } from './import-body.pipe';

const pipe = new ImportBodyPipe();
const entry = (amount = '0.01', extra: object = {}) => ({
  effectiveOn: '2025-01-01',
  operation: 'fee',
  postings: [
    { account: 'fees', amount: { amount, currency: 'CNY' } },
    { account: 'cash', amount: { amount: `-${amount}`, currency: 'CNY' } },
  ],
  ...extra,
});
const problems = (body: unknown): string[] => {
  try {
    pipe.transform(body);
    return [];
  } catch (error) {
    return (error as DomainError).fields.map((f) => `${f.field} ${f.rule}`);
  }
};

describe('the body of a journal import', () => {
  it('turns amounts into minor units for the fund ledger, which checks every rule after', () => {
    expect(pipe.transform({ entries: [entry('12.5')] })).toEqual([
      {
        effectiveOn: '2025-01-01',
        operation: 'fee',
        memo: '',
        postings: [
          { account: 'fees', amount: { minorUnits: '1250', currency: 'CNY' } },
          { account: 'cash', amount: { minorUnits: '-1250', currency: 'CNY' } },
        ],
      },
    ]);
  });

  it('names each problem of shape and form by its place', () => {
    expect(
      problems({
        entries: [
          entry('1.234'),
          entry('1.00', { postings: [{ account: 'fees', amount: { amount: 'one', currency: 'CNY' } }] }),
          entry('1.00', { extra: true, memo: 7 }),
          'not an entry',
          {
            ...entry(),
            postings: [
              { account: 'fees', amount: { amount: '1.50', currency: 'JPY' } },
              { account: 'cash', amount: { amount: '-1', currency: 'XXX' } },
            ],
          },
        ],
        more: 1,
      }),
    ).toEqual([
      'more unknown-field',
      'entries[0].postings[0].amount.amount matches',
      'entries[0].postings[1].amount.amount matches',
      'entries[1].postings size',
      'entries[1].postings[0].amount.amount matches',
      'entries[2].extra unknown-field',
      'entries[2].memo isString',
      'entries[3] isObject',
      'entries[4].postings[0].amount.amount currency-decimals',
      'entries[4].postings[1].amount.currency isIn',
    ]);
  });

  it('takes 1 to 1,000 entries', () => {
    expect(problems({ entries: [] })).toEqual(['entries size']);
    expect(problems({ entries: Array.from({ length: 1001 }, () => entry()) })).toEqual(['entries size']);
    expect(problems({ entries: Array.from({ length: 1000 }, () => entry()) })).toEqual([]);
    expect(problems('entries')).toEqual(['entries isArray']);
  });

  it('lists at most 50 problems', () => {
    expect(problems({ entries: Array.from({ length: 100 }, () => 'x') })).toHaveLength(50);
  });
});
