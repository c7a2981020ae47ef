import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 1a: a national Class 1 new drug approved for production', () => {
  it('grants 20,000,000.00 per product, once per product', () => {
    const book = new AwardBook();
    const first = book.apply('1a', 'qilu', '2021-03-01', { product: 'QL1706 injection' });
    expect([first.amount, first.outcome]).toEqual([yuan('20,000,000.00'), 'full']);
    const again = book.apply('1a', 'qilu', '2022-05-01', { product: 'QL1706 injection' });
    expect([again.amount, again.outcome, again.reason]).toEqual([
      0n,
      'refused',
      'at most 1 award per enterprise and product under item 1a, and 1 granted',
    ]);
    expect(book.apply('1a', 'qilu', '2022-05-01', { product: 'QL1604 capsules' }).amount).toBe(yuan('20,000,000.00'));
  });
});
