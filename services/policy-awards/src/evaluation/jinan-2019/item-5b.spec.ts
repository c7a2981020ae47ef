import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 5b: GCP qualification', () => {
  it('grants 500,000.00 per new professional discipline, once per discipline', () => {
    const book = new AwardBook();
    expect(book.apply('5b', 'qilu', '2021-01-10', { discipline: 'oncology' }).amount).toBe(yuan('500,000.00'));
    expect(book.apply('5b', 'qilu', '2021-01-10', { discipline: 'cardiology' }).amount).toBe(yuan('500,000.00'));
    expect(book.apply('5b', 'qilu', '2022-01-10', { discipline: 'oncology' }).reason).toBe(
      'at most 1 award per enterprise and discipline under item 5b, and 1 granted',
    );
  });
});
