import { AwardBook, yuan } from '../../testing/jinan-2019';

describe("Jinan 2019: the policy's budget per calendar year (300,000,000.00, illustrative)", () => {
  it('cuts the award that would pass the year budget, refuses once it is spent, and starts afresh next year', () => {
    const book = new AwardBook();
    for (let i = 1; i <= 14; i += 1) book.apply('1a', 'qilu', '2021-02-01', { product: `drug ${i}` }); // 280,000,000.00
    book.apply('4a', 'qilu', '2021-03-01', { platform: 'National Key Laboratory' }); // 285,000,000.00
    const cut = book.apply('1a', 'qilu', '2021-04-01', { product: 'drug 15' });
    expect([cut.amount, cut.outcome, cut.reason]).toEqual([
      yuan('15,000,000.00'),
      'cut',
      "the policy's budget for 2021 left only 15,000,000.00 CNY",
    ]);
    expect(book.apply('5c', 'xuanzhu', '2021-12-31').reason).toBe("the policy's budget for 2021 left only 0.00 CNY");
    expect(book.apply('5c', 'xuanzhu', '2022-01-01').amount).toBe(yuan('200,000.00'));
  });
});
