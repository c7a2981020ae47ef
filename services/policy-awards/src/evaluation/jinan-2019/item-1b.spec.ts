import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 1b: another class of new drug approved for production', () => {
  it('grants what the reviewer sets from 1,000,000.00 to 5,000,000.00, and refuses outside the range', () => {
    const book = new AwardBook();
    expect(
      book.apply('1b', 'xuanzhu', '2021-06-01', { product: 'XZP-3287', reviewedAmount: '3000000.00' }).amount,
    ).toBe(yuan('3,000,000.00'));
    expect(
      book.apply('1b', 'xuanzhu', '2021-06-01', { product: 'XZP-3621', reviewedAmount: '5000000.00' }).amount,
    ).toBe(yuan('5,000,000.00'));
    const above = book.apply('1b', 'xuanzhu', '2021-06-01', { product: 'XZP-5610', reviewedAmount: '5000000.01' });
    expect([above.amount, above.reason]).toEqual([
      0n,
      "the reviewer's 5,000,000.01 CNY is outside 1,000,000.00 CNY to 5,000,000.00 CNY",
    ]);
    const below = book.apply('1b', 'xuanzhu', '2021-06-01', { product: 'XZP-5610', reviewedAmount: '999999.99' });
    expect([below.amount, below.outcome]).toEqual([0n, 'refused']);
  });
});
