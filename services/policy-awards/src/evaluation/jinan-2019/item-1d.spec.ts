import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 1d: a first Class III medical device registration certificate', () => {
  it('grants 1,000,000.00 per product, once per product', () => {
    const book = new AwardBook();
    const first = book.apply('1d', 'acv', '2021-04-01', { product: 'ACV bioreactor controller' });
    expect([first.amount, first.outcome]).toEqual([yuan('1,000,000.00'), 'full']);
    const again = book.apply('1d', 'acv', '2021-09-01', { product: 'ACV bioreactor controller' });
    expect([again.amount, again.reason]).toEqual([
      0n,
      'at most 1 award per enterprise and product under item 1d, and 1 granted',
    ]);
    expect(book.apply('1d', 'acv', '2021-09-01', { product: 'ACV bioreactor controller II' }).amount).toBe(
      yuan('1,000,000.00'),
    );
  });
});
