import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 2a: a Class 1 or 2 new drug of its own R&D enters clinical trials', () => {
  const trials = (book: AwardBook, from: number, to: number, on: string) =>
    Array.from({ length: to - from + 1 }, (_, i) => book.apply('2a', 'qilu', on, { project: `QL-${from + i}` }));

  it('grants 500,000.00 per project up to 6,000,000.00 per enterprise in a calendar year of award dates', () => {
    const book = new AwardBook();
    expect(trials(book, 1, 12, '2021-07-01').map((e) => e.amount)).toEqual(Array(12).fill(yuan('500,000.00')));
    const thirteenth = book.apply('2a', 'qilu', '2021-12-31', { project: 'QL-13' });
    expect([thirteenth.amount, thirteenth.outcome, thirteenth.reason]).toEqual([
      0n,
      'refused',
      'the cap of 6,000,000.00 CNY per enterprise and year under item 2a left only 0.00 CNY',
    ]);
    // the next calendar year has its own cap; another enterprise never shared this one
    expect(book.apply('2a', 'qilu', '2022-01-01', { project: 'QL-13' }).amount).toBe(yuan('500,000.00'));
    expect(book.apply('2a', 'xuanzhu', '2021-12-31', { project: 'XZ-1' }).amount).toBe(yuan('500,000.00'));
  });

  it('cuts an award to what a recapture left under the yearly cap: 200,000.00, with the reason', () => {
    const book = new AwardBook();
    trials(book, 1, 12, '2021-07-01');
    book.recapture(3, yuan('200,000.00'));
    const cut = book.apply('2a', 'qilu', '2021-11-01', { project: 'QL-13' });
    expect([cut.amount, cut.outcome, cut.reason]).toEqual([
      yuan('200,000.00'),
      'cut',
      'the cap of 6,000,000.00 CNY per enterprise and year under item 2a left only 200,000.00 CNY',
    ]);
  });

  it('grants a project once', () => {
    const book = new AwardBook();
    book.apply('2a', 'qilu', '2021-07-01', { project: 'QL-1' });
    expect(book.apply('2a', 'qilu', '2022-07-01', { project: 'QL-1' }).reason).toBe(
      'at most 1 award per enterprise and project under item 2a, and 1 granted',
    );
  });
});
