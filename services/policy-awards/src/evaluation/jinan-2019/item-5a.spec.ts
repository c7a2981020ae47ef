import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 5a: GLP certification reaching 3 items, then 5', () => {
  it('pays each threshold once per company, the first time it is reached', () => {
    const book = new AwardBook();
    expect(book.apply('5a', 'qilu', '2020-03-01', { glpItems: 2 }).reason).toBe(
      'glpItems 2 reaches no threshold (the first is 3)',
    );
    const three = book.apply('5a', 'qilu', '2020-06-01', { glpItems: 3 });
    expect([three.amount, three.tiers]).toEqual([yuan('1,000,000.00'), [3]]);
    expect(book.apply('5a', 'qilu', '2021-06-01', { glpItems: 4 }).reason).toBe(
      'every threshold glpItems 4 reaches was paid before, once per enterprise',
    );
    const five = book.apply('5a', 'qilu', '2022-06-01', { glpItems: 5 });
    expect([five.amount, five.tiers]).toEqual([yuan('2,000,000.00'), [5]]);
    expect(book.apply('5a', 'qilu', '2023-06-01', { glpItems: 7 }).outcome).toBe('refused');
  });

  it('pays both thresholds to a company that reaches 5 items at once', () => {
    const award = new AwardBook().apply('5a', 'xuanzhu', '2021-06-01', { glpItems: 6 });
    expect([award.amount, award.tiers]).toEqual([yuan('3,000,000.00'), [3, 5]]);
  });
});
