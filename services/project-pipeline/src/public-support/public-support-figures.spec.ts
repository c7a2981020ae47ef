import { type Caller } from '@parkledger/service-kit';
import { awardRowScope, fundRowScope } from './public-support-access';
import { publicSupportFigures, type FundRow, type PolicyRow } from './public-support-figures';

const caller = (role: Caller['role'], scope: Partial<Caller> = {}): Caller => ({
  subject: role,
  role,
  parkScope: [],
  fundScope: [],
  policyScope: [],
  ...scope,
});
const scopes = (c: Caller) => ({ funds: fundRowScope(c), awards: awardRowScope(c) });

// the Heze figures: two funds put 50,000,000.00 and 30,000,000.00 in (the second's mistaken
// 5,000,000.00 reversed, so not among the rows); an award of 4,000,000.00 paid, 1,500,000.00 recaptured
const funds: FundRow[] = [
  { fundId: 'fund-b', currency: 'CNY', investedMinor: 3_000_000_000n, investments: 1 },
  { fundId: 'fund-a', currency: 'CNY', investedMinor: 5_000_000_000n, investments: 1 },
];
const policies: PolicyRow[] = [
  {
    policy: 'jinan-2019-biomedical',
    currency: 'CNY',
    paidMinor: 400_000_000n,
    recapturedMinor: 150_000_000n,
    awards: 1,
  },
];
const completed = [{ currency: 'CNY', completedMinor: 30_000_000_000n }];

describe('publicSupportFigures', () => {
  it('sums every row for an admin or an auditor: 82,500,000.00 of 300,000,000.00 completed, 27.50%', () => {
    for (const role of ['admin', 'auditor'] as const) {
      const figures = publicSupportFigures({ funds, policies, completed }, scopes(caller(role)));
      expect(figures.funds.map((f) => f.fundId)).toEqual(['fund-a', 'fund-b']);
      expect(figures.policies).toHaveLength(1);
      expect(figures.totals).toEqual([
        {
          currency: 'CNY',
          fundInvestedMinor: 8_000_000_000n,
          awardsNetPaidMinor: 250_000_000n,
          publicMoneyMinor: 8_250_000_000n,
          completedMinor: 30_000_000_000n,
          publicShareBasisPoints: 2750n,
        },
      ]);
      expect([figures.fundsWithheld, figures.awardsWithheld]).toEqual([false, false]);
    }
  });

  it('shows a fund manager its funds’ rows only, no award rows, and sums only those', () => {
    const figures = publicSupportFigures(
      { funds, policies, completed },
      scopes(caller('fund-manager', { fundScope: ['fund-a'] })),
    );
    expect(figures.funds.map((f) => f.fundId)).toEqual(['fund-a']);
    expect(figures.policies).toEqual([]);
    expect(figures.totals[0]).toMatchObject({ publicMoneyMinor: 5_000_000_000n, publicShareBasisPoints: 1666n });
    expect([figures.fundsWithheld, figures.awardsWithheld]).toEqual([true, true]);
  });

  it('shows a policy officer its policies’ rows, a park manager every award row, neither a fund row', () => {
    const officer = publicSupportFigures(
      { funds, policies, completed },
      scopes(caller('policy-officer', { policyScope: ['jinan-2019-biomedical'] })),
    );
    expect([officer.funds, officer.policies.length, officer.fundsWithheld, officer.awardsWithheld]).toEqual([
      [],
      1,
      true,
      true,
    ]);
    const otherOfficer = publicSupportFigures(
      { funds, policies, completed },
      scopes(caller('policy-officer', { policyScope: ['heze-2021-talent'] })),
    );
    expect(otherOfficer.policies).toEqual([]);
    expect(otherOfficer.totals[0]?.publicMoneyMinor).toBe(0n);
    const manager = publicSupportFigures({ funds, policies, completed }, scopes(caller('park-manager')));
    expect([manager.funds, manager.policies.length, manager.fundsWithheld, manager.awardsWithheld]).toEqual([
      [],
      1,
      true,
      false,
    ]);
  });

  it('says withheld by the caller’s scope alone, rows or not, so it tells nothing of funds it may not read', () => {
    const alone = publicSupportFigures(
      { funds: [], policies: [], completed },
      scopes(caller('fund-manager', { fundScope: ['fund-a'] })),
    );
    expect([alone.fundsWithheld, alone.awardsWithheld]).toEqual([true, true]);
  });

  it('keeps currencies apart, and gives no share where nothing is completed', () => {
    const figures = publicSupportFigures(
      {
        funds: [...funds, { fundId: 'fund-usd', currency: 'USD', investedMinor: 100_000n, investments: 2 }],
        policies,
        completed: [...completed, { currency: 'CNY', completedMinor: 10_000_000_000n }],
      },
      scopes(caller('admin')),
    );
    expect(
      figures.totals.map((t) => [t.currency, t.publicMoneyMinor, t.completedMinor, t.publicShareBasisPoints]),
    ).toEqual([
      ['CNY', 8_250_000_000n, 40_000_000_000n, 2062n],
      ['USD', 100_000n, 0n, null],
    ]);
  });
});
