import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 6: preliminary expenses of an overseas acquisition or R&D centre', () => {
  it('grants the actual expenses up to 3,000,000.00 per project', () => {
    const book = new AwardBook();
    const project = 'Boston R&D centre';
    expect(book.apply('6', 'xuanzhu', '2021-03-15', { project, expenses: '1234567.89' }).amount).toBe(
      yuan('1,234,567.89'),
    );
    const second = book.apply('6', 'xuanzhu', '2021-09-15', { project, expenses: '2000000.00' });
    expect([second.amount, second.outcome]).toEqual([yuan('1,765,432.11'), 'cut']);
    expect(
      book.apply('6', 'xuanzhu', '2021-09-15', { project: 'Basel acquisition', expenses: '800000.00' }).amount,
    ).toBe(yuan('800,000.00'));
  });

  it('cuts to exactly what the cap leaves, to the fen', () => {
    const book = new AwardBook();
    const project = 'Munich acquisition';
    book.apply('6', 'xuanzhu', '2021-03-15', { project, expenses: '2999999.99' });
    const last = book.apply('6', 'xuanzhu', '2021-03-16', { project, expenses: '0.02' });
    expect([last.amount, last.outcome]).toEqual([yuan('0.01'), 'cut']);
  });
});
