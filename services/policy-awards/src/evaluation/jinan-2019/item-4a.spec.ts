import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 4a: a newly approved national platform', () => {
  it('grants 5,000,000.00 per platform, once per platform', () => {
    const book = new AwardBook();
    const platform = 'National Engineering Research Center of Chiral Drugs';
    expect(book.apply('4a', 'qilu', '2021-02-01', { platform }).amount).toBe(yuan('5,000,000.00'));
    expect(book.apply('4a', 'qilu', '2023-02-01', { platform }).reason).toBe(
      'at most 1 award per enterprise and platform under item 4a, and 1 granted',
    );
  });
});
