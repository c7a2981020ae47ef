import {
  balancesView,
  capitalAccountView,
  entryView,
  figuresView,
  fundView,
  lookThroughView,
  partnerView,
} from './fund.views';

const cny = (minorUnits: string) => ({ minorUnits, currency: 'CNY' });

describe('fund views', () => {
  it('write money as decimal strings, credits negative, and an unset text as null', () => {
    expect(
      entryView({
        id: 'e1',
        fundId: 'f1',
        effectiveOn: '2021-07-01',
        recordedAt: '2021-07-01T08:00:00.000Z',
        operation: 'commit',
        postings: [
          { account: 'unfunded:p1', amount: cny('300000000000') },
          { account: 'commitment:p1', amount: cny('-300000000000') },
        ],
      }),
    ).toEqual({
      id: 'e1',
      fundId: 'f1',
      effectiveOn: '2021-07-01',
      recordedAt: '2021-07-01T08:00:00.000Z',
      operation: 'commit',
      reverses: null,
      memo: '',
      postings: [
        { account: 'unfunded:p1', amount: { amount: '3000000000.00', currency: 'CNY' } },
        { account: 'commitment:p1', amount: { amount: '-3000000000.00', currency: 'CNY' } },
      ],
    });
  });

  it('read an int64 left out as zero, in the currency given', () => {
    expect(partnerView({ id: 'p1', partnerFundId: '', commitment: { currency: 'JPY' } })).toMatchObject({
      partnerFundId: null,
      commitment: { amount: '0', currency: 'JPY' },
    });
    expect(fundView({ id: 'f1', version: '3', closedThrough: '' })).toMatchObject({ version: 3, closedThrough: null });
  });

  it('give figures that do not exist yet as null, with the reason', () => {
    const figures = figuresView({
      asOf: '2021-12-31',
      committed: cny('300000000000'),
      investmentsCount: '2',
      dpi: '',
      netIrr: '',
      netIrrNoneReason: 'an IRR needs at least two flows',
    });
    expect(figures).toMatchObject({
      asOf: '2021-12-31',
      committed: { amount: '3000000000.00', currency: 'CNY' },
      investmentsCount: 2,
      dpi: null,
      rvpi: null,
      tvpi: null,
      netIrr: null,
      netIrrNoneReason: 'an IRR needs at least two flows',
    });
    expect(figuresView({ dpi: '0.4500', netIrr: '0.071200', netIrrNoneReason: '' })).toMatchObject({
      dpi: '0.4500',
      netIrr: '0.071200',
      netIrrNoneReason: null,
    });
  });

  it('say balances over every entry and as known now as null dates', () => {
    expect(balancesView({ asOf: '', knownAt: '', balances: [{ account: 'cash', balance: cny('5') }] })).toEqual({
      asOf: null,
      knownAt: null,
      balances: [{ account: 'cash', balance: { amount: '0.05', currency: 'CNY' } }],
    });
  });

  it('write a capital account statement’s movements signed, a fee or a distribution as a minus', () => {
    expect(
      capitalAccountView({
        statement: {
          fundId: 'f1',
          partnerId: 'p1',
          partnerName: 'Partner A',
          from: '2022-01-01',
          to: '2022-12-31',
          beginningBalance: cny('34000000'),
          distributions: cny('-6666667'),
          managementFees: cny('-666667'),
          endingBalance: cny('26666666'),
        },
      }),
    ).toMatchObject({
      partnerName: 'Partner A',
      beginningBalance: { amount: '340000.00', currency: 'CNY' },
      contributions: { amount: '0.00', currency: 'CNY' },
      distributions: { amount: '-66666.67', currency: 'CNY' },
      managementFees: { amount: '-6666.67', currency: 'CNY' },
      endingBalance: { amount: '266666.66', currency: 'CNY' },
    });
  });

  it('give a look-through with no sub-fund as an empty list, and a share over nothing paid in as null', () => {
    expect(lookThroughView({ fundId: 'm1', asOf: '2024-12-31' })).toEqual({
      fundId: 'm1',
      asOf: '2024-12-31',
      subFunds: [],
      totals: [],
    });
    const view = lookThroughView({
      fundId: 'm1',
      asOf: '2024-12-31',
      subFunds: [
        { subFundId: 's1', share: '', paidIn: cny('0'), investments: [{ investmentId: 'i1', lookThrough: cny('1') }] },
      ],
      totals: [cny('1')],
    });
    expect(view.subFunds[0]).toMatchObject({
      share: null,
      paidIn: { amount: '0.00', currency: 'CNY' },
      investments: [{ investmentId: 'i1', lookThrough: { amount: '0.01', currency: 'CNY' } }],
    });
    expect(view.totals).toEqual([{ amount: '0.01', currency: 'CNY' }]);
  });
});
