import { yuan } from '../testing/jinan-2019';
import { budgetYears, versionInForce, type VersionBudget } from './budget-figures';

const version = (n: number, effectiveFrom: string, budget: string): VersionBudget => ({
  version: n,
  effectiveFrom,
  currency: 'CNY',
  budgetPerYear: yuan(budget),
});

describe('the budget report: each year’s budget, used and remaining', () => {
  const versions = [
    version(1, '2019-12-11', '300,000,000.00'),
    version(2, '2022-07-01', '200,000,000.00'),
    // published later for the same day: it is the one in force
    version(3, '2022-07-01', '250,000,000.00'),
  ];

  it('reads the version in force as the repository does: latest effective date, then latest version', () => {
    expect(versionInForce(versions, '2019-12-10')).toBeUndefined();
    expect(versionInForce(versions, '2022-06-30')?.version).toBe(1);
    expect(versionInForce(versions, '2022-07-01')?.version).toBe(3);
  });

  it('gives every year from the first effective year to this year, the budget of the version in force at its end', () => {
    const used = new Map([
      [2021, yuan('285,000,000.00')],
      [2022, yuan('260,000,000.00')],
    ]);
    expect(
      budgetYears(versions, used, 2023).map((y) => [y.year, y.policyVersion, y.budget, y.used, y.remaining]),
    ).toEqual([
      [2019, 1, yuan('300,000,000.00'), 0n, yuan('300,000,000.00')],
      [2020, 1, yuan('300,000,000.00'), 0n, yuan('300,000,000.00')],
      [2021, 1, yuan('300,000,000.00'), yuan('285,000,000.00'), yuan('15,000,000.00')],
      // granted under version 1's budget before version 3 lowered it: nothing left, never below 0
      [2022, 3, yuan('250,000,000.00'), yuan('260,000,000.00'), 0n],
      [2023, 3, yuan('250,000,000.00'), 0n, yuan('250,000,000.00')],
    ]);
  });

  it('runs on to the last year used when that is after this year', () => {
    expect(budgetYears([version(1, '2030-01-01', '1.00')], new Map([[2031, 1n]]), 2026).map((y) => y.year)).toEqual([
      2030, 2031,
    ]);
  });
});
