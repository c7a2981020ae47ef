import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 5c: CNAS accreditation for the first time', () => {
  it('grants 200,000.00 once per company', () => {
    const book = new AwardBook();
    expect(book.apply('5c', 'yinfeng', '2020-09-01').amount).toBe(yuan('200,000.00'));
    expect(book.apply('5c', 'yinfeng', '2024-09-01').reason).toBe(
      'at most 1 award per enterprise under item 5c, and 1 granted',
    );
    expect(book.apply('5c', 'acv', '2024-09-01').amount).toBe(yuan('200,000.00'));
  });
});
