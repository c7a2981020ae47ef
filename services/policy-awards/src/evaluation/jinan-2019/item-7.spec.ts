import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 7: the top talent comprehensive subsidy', () => {
  it('grants what the reviewer sets, at most 100,000,000.00', () => {
    const book = new AwardBook();
    expect(book.apply('7', 'qilu', '2021-01-05', { talent: 'Team A', reviewedAmount: '100000000.00' }).amount).toBe(
      yuan('100,000,000.00'),
    );
    expect(book.apply('7', 'qilu', '2021-01-05', { talent: 'Team B', reviewedAmount: '100000000.01' }).reason).toBe(
      "the reviewer's 100,000,000.01 CNY is outside 0.01 CNY to 100,000,000.00 CNY",
    );
  });
});
