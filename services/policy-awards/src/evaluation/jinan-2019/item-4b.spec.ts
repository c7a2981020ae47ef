import { AwardBook, yuan } from '../../testing/jinan-2019';

describe('Jinan 2019, item 4b: equipment for a provincial-or-higher public R&D platform project', () => {
  it('grants 20% of the purchase, rounded down to the fen', () => {
    const book = new AwardBook();
    const award = book.apply('4b', 'acv', '2021-08-01', {
      project: 'Vaccine pilot plant',
      purchaseAmount: '12000000.00',
    });
    expect([award.amount, award.outcome]).toEqual([yuan('2,400,000.00'), 'full']);
    expect(book.apply('4b', 'acv', '2021-08-01', { project: 'Assay lab', purchaseAmount: '333.33' }).amount).toBe(
      yuan('66.66'),
    );
  });

  it('cuts an equipment award to its 3,000,000.00 cap per project, and the project stays capped', () => {
    const book = new AwardBook();
    const award = book.apply('4b', 'acv', '2021-08-01', {
      project: 'Vaccine pilot plant',
      purchaseAmount: '20000000.00',
    });
    expect([award.amount, award.outcome, award.reason]).toEqual([
      yuan('3,000,000.00'),
      'cut',
      'the cap of 3,000,000.00 CNY per enterprise and project under item 4b left only 3,000,000.00 CNY',
    ]);
    expect(award.trace.map((step) => `${step.step}: ${step.what}`)).toEqual([
      'rule: 20% of purchaseAmount 20,000,000.00 CNY: 4,000,000.00 CNY',
      'cap: at most 3,000,000.00 CNY per enterprise and project: 0.00 CNY granted, 3,000,000.00 CNY left',
      'budget: the budget of 300,000,000.00 CNY for 2021: 0.00 CNY used, 300,000,000.00 CNY left',
    ]);
    const more = book.apply('4b', 'acv', '2022-01-01', {
      project: 'Vaccine pilot plant',
      purchaseAmount: '1000000.00',
    });
    expect([more.amount, more.outcome]).toEqual([0n, 'refused']);
  });
});
