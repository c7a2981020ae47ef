import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 1c: a Class III innovative medical device or large medical equipment, newly approved', () => {
  it('grants 2,000,000.00 per product, once per product', () => {
    const book = new AwardBook();
    const first = book.apply('1c', 'qilu', '2021-04-01', { product: 'Qilu large-volume infusion line' });
    expect([first.amount, first.outcome]).toEqual([yuan('2,000,000.00'), 'full']);
    const again = book.apply('1c', 'qilu', '2021-09-01', { product: 'Qilu large-volume infusion line' });
    expect([again.amount, again.reason]).toEqual([
      0n,
      'at most 1 award per enterprise and product under item 1c, and 1 granted',
    ]);
    expect(book.apply('1c', 'qilu', '2021-09-01', { product: 'Qilu large-volume infusion line II' }).amount).toBe(
      yuan('2,000,000.00'),
    );
  });
});
