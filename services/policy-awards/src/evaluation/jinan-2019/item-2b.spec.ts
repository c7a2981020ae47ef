import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 2b: a Class III device newly registered, not trial-exempt', () => {
  it('grants 500,000.00 per product, once per product', () => {
    const book = new AwardBook();
    const first = book.apply('2b', 'acv', '2021-04-01', { product: 'ACV cell sorter' });
    expect([first.amount, first.outcome]).toEqual([yuan('500,000.00'), 'full']);
    const again = book.apply('2b', 'acv', '2021-09-01', { product: 'ACV cell sorter' });
    expect([again.amount, again.reason]).toEqual([
      0n,
      'at most 1 award per enterprise and product under item 2b, and 1 granted',
    ]);
    expect(book.apply('2b', 'acv', '2021-09-01', { product: 'ACV cell sorter II' }).amount).toBe(yuan('500,000.00'));
  });
});
