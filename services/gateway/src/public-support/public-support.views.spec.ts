import { parkPublicSupportView, projectPublicSupportView } from './public-support.views';

const cny = (minorUnits: string) => ({ minorUnits, currency: 'CNY' });
const money = (amount: string) => ({ amount, currency: 'CNY' });

describe('public support views', () => {
  it('write a project’s rows and totals as decimal strings, the share as a percent, unset dates as null', () => {
    expect(
      projectPublicSupportView({
        projectId: 'p1',
        parkId: 'k1',
        asOf: '',
        currency: 'CNY',
        completedAsOf: '2024-06-30',
        support: {
          funds: [{ fundId: 'f1', invested: cny('5000000000'), investments: '1' }],
          policies: [
            {
              policy: 'jinan-2019-biomedical',
              paid: cny('400000000'),
              recaptured: cny('150000000'),
              netPaid: cny('250000000'),
              awards: '1',
            },
          ],
          totals: [
            {
              currency: 'CNY',
              fundInvested: cny('5000000000'),
              awardsNetPaid: cny('250000000'),
              publicMoney: cny('5250000000'),
              completedInvestment: cny('30000000000'),
              publicShareBasisPoints: '1750',
            },
          ],
          fundsWithheld: true,
        },
      }),
    ).toEqual({
      projectId: 'p1',
      parkId: 'k1',
      asOf: null,
      currency: 'CNY',
      completedAsOf: '2024-06-30',
      funds: [{ fundId: 'f1', invested: money('50000000.00'), investments: 1 }],
      policies: [
        {
          policy: 'jinan-2019-biomedical',
          paid: money('4000000.00'),
          recaptured: money('1500000.00'),
          netPaid: money('2500000.00'),
          awards: 1,
        },
      ],
      totals: [
        {
          currency: 'CNY',
          fundInvested: money('50000000.00'),
          awardsNetPaid: money('2500000.00'),
          publicMoney: money('52500000.00'),
          completedInvestment: money('300000000.00'),
          publicSharePercent: '17.50',
        },
      ],
      fundsWithheld: true,
      awardsWithheld: false,
    });
  });

  it('write a park’s count and a share of nothing completed as null, of more than all of it as such', () => {
    const view = parkPublicSupportView({
      parkId: 'k1',
      asOf: '2024-06-30',
      projectCount: '40',
      support: {
        totals: [
          { currency: 'CNY', publicMoney: cny('100'), completedInvestment: cny('0') },
          {
            currency: 'USD',
            publicMoney: cny('300'),
            completedInvestment: cny('200'),
            publicShareBasisPoints: '15000',
          },
          { currency: 'JPY', publicShareBasisPoints: '7' },
        ],
      },
    });
    expect([view.parkId, view.asOf, view.projectCount, view.funds, view.policies]).toEqual([
      'k1',
      '2024-06-30',
      40,
      [],
      [],
    ]);
    expect(view.totals.map((t) => t.publicSharePercent)).toEqual([null, '150.00', '0.07']);
    expect([view.fundsWithheld, view.awardsWithheld]).toEqual([false, false]);
  });
});
