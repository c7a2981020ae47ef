import { policyBooksView, policyBudgetEntryView } from './policy-books.views';

const cny = (minorUnits: string) => ({ minorUnits, currency: 'CNY' });

describe('policy books views', () => {
  it('write each book’s figures as decimal strings, and an unset date as null', () => {
    expect(
      policyBooksView({
        policy: 'jinan-2019-biomedical',
        asOf: '',
        books: [
          {
            currency: 'CNY',
            committed: cny('2000000000'),
            payable: cny('0'),
            paidOut: cny('2000000000'),
            recaptured: cny('500000000'),
            netPaid: cny('1500000000'),
          },
        ],
      }),
    ).toEqual({
      policy: 'jinan-2019-biomedical',
      asOf: null,
      books: [
        {
          currency: 'CNY',
          committed: { amount: '20000000.00', currency: 'CNY' },
          payable: { amount: '0.00', currency: 'CNY' },
          paidOut: { amount: '20000000.00', currency: 'CNY' },
          recaptured: { amount: '5000000.00', currency: 'CNY' },
          netPaid: { amount: '15000000.00', currency: 'CNY' },
        },
      ],
    });
  });

  it('write an entry with its award, its source event and its postings, credits negative', () => {
    expect(
      policyBudgetEntryView({
        id: 'e1',
        policy: 'jinan-2019-biomedical',
        effectiveOn: '2024-04-01',
        recordedAt: '2024-04-01T08:00:00.000Z',
        operation: 'pay',
        awardId: 'a1',
        sourceEventId: 'ev1',
        postings: [
          { account: 'awards-payable:a1', amount: cny('2000000000') },
          { account: 'budget-cash', amount: cny('-2000000000') },
        ],
      }),
    ).toEqual({
      id: 'e1',
      policy: 'jinan-2019-biomedical',
      effectiveOn: '2024-04-01',
      recordedAt: '2024-04-01T08:00:00.000Z',
      operation: 'pay',
      awardId: 'a1',
      sourceEventId: 'ev1',
      memo: '',
      postings: [
        { account: 'awards-payable:a1', amount: { amount: '20000000.00', currency: 'CNY' } },
        { account: 'budget-cash', amount: { amount: '-20000000.00', currency: 'CNY' } },
      ],
    });
  });
});
