import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 3: a generic drug passes the consistency evaluation', () => {
  it('grants 3,500,000.00 per product, at most three per company', () => {
    const book = new AwardBook();
    for (const product of ['amlodipine', 'cefuroxime', 'levetiracetam'])
      expect(book.apply('3', 'qilu', '2021-05-01', { product, firstThreeInChina: false }).amount).toBe(
        yuan('3,500,000.00'),
      );
    const fourth = book.apply('3', 'qilu', '2022-05-01', { product: 'rosuvastatin', firstThreeInChina: false });
    expect([fourth.amount, fourth.outcome, fourth.reason]).toEqual([
      0n,
      'refused',
      'at most 3 awards per enterprise under item 3, and 3 granted',
    ]);
  });

  it('grants 4,000,000.00 to one of the first three in China, past the three, and does not count it', () => {
    const book = new AwardBook();
    for (const product of ['amlodipine', 'cefuroxime', 'levetiracetam'])
      book.apply('3', 'qilu', '2021-05-01', { product, firstThreeInChina: false });
    const first = book.apply('3', 'qilu', '2022-05-01', { product: 'tenofovir', firstThreeInChina: true });
    expect([first.amount, first.outcome]).toEqual([yuan('4,000,000.00'), 'full']);
    expect(first.trace.find((step) => step.step === 'count' && step.what.includes('not counted'))?.what).toBe(
      'at most 3 awards per enterprise: not counted and not limited where firstThreeInChina is true',
    );
    // with two counted and one first-three, a third counted award still fits
    const other = new AwardBook();
    other.apply('3', 'acv', '2021-05-01', { product: 'a', firstThreeInChina: false });
    other.apply('3', 'acv', '2021-05-01', { product: 'b', firstThreeInChina: true });
    other.apply('3', 'acv', '2021-05-01', { product: 'c', firstThreeInChina: false });
    expect(other.apply('3', 'acv', '2021-06-01', { product: 'd', firstThreeInChina: false }).amount).toBe(
      yuan('3,500,000.00'),
    );
  });

  it('grants a product once, first three or not', () => {
    const book = new AwardBook();
    book.apply('3', 'qilu', '2021-05-01', { product: 'tenofovir', firstThreeInChina: true });
    expect(book.apply('3', 'qilu', '2021-06-01', { product: 'tenofovir', firstThreeInChina: true }).reason).toBe(
      'at most 1 award per enterprise and product under item 3, and 1 granted',
    );
  });
});
