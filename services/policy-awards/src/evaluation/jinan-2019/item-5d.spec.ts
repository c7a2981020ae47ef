import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 5d: an FDA, EMA, PMDA or similar international approval', () => {
  const approve = (book: AwardBook, product: string, on = '2021-10-01') =>
    book.apply('5d', 'qilu', on, { product, agency: 'FDA' });

  it('grants 1,000,000.00 per product and stops at 5,000,000.00 per company in total', () => {
    const book = new AwardBook();
    const years = ['2019-12-20', '2020-05-01', '2021-05-01', '2022-05-01', '2023-05-01'];
    expect(years.map((on, i) => approve(book, `product ${i + 1}`, on).amount)).toEqual(
      Array(5).fill(yuan('1,000,000.00')),
    );
    const sixth = approve(book, 'product 6', '2024-05-01');
    expect([sixth.amount, sixth.reason]).toEqual([
      0n,
      'the cap of 5,000,000.00 CNY per enterprise under item 5d left only 0.00 CNY',
    ]);
  });

  it('grants again once a revocation frees its share of the cap', () => {
    const book = new AwardBook();
    for (let i = 1; i <= 5; i += 1) approve(book, `product ${i}`);
    book.revoke(2);
    expect(approve(book, 'product 6').amount).toBe(yuan('1,000,000.00'));
    expect(approve(book, 'product 7').outcome).toBe('refused');
  });
});
