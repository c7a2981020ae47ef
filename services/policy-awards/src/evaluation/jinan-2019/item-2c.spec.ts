import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 2c: a Class II non-IVD device newly registered', () => {
  it('grants 200,000.00 per product, once per product', () => {
    const book = new AwardBook();
    const first = book.apply('2c', 'yinfeng', '2021-04-01', { product: 'Yinfeng cold-chain monitor' });
    expect([first.amount, first.outcome]).toEqual([yuan('200,000.00'), 'full']);
    const again = book.apply('2c', 'yinfeng', '2021-09-01', { product: 'Yinfeng cold-chain monitor' });
    expect([again.amount, again.reason]).toEqual([
      0n,
      'at most 1 award per enterprise and product under item 2c, and 1 granted',
    ]);
    expect(book.apply('2c', 'yinfeng', '2021-09-01', { product: 'Yinfeng cold-chain monitor II' }).amount).toBe(
      yuan('200,000.00'),
    );
  });
});
