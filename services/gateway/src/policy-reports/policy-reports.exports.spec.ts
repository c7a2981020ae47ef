import { toCsv } from '../exports/csv';
import { awardsReportTable } from './policy-reports.exports';
import { type AwardFiguresView } from './policy-reports.views';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const figures = (granted: string, count: number): AwardFiguresView => ({
  currency: 'CNY',
  count: { cases: count + 1, submitted: 1, granted: count, paid: 0, rejected: 0, revoked: 0, recaptured: 0 },
  amount: {
    granted: cny(granted),
    paid: cny('0.00'),
    recaptured: cny('0.00'),
    revoked: cny('0.00'),
    net: cny(granted),
  },
});

describe('awardsReportTable', () => {
  it('writes the totals, then each item, then each enterprise, with the year, scope and knownAt', () => {
    const csv = toCsv(
      awardsReportTable(
        {
          policy: 'jinan-2019-biomedical',
          year: 2021,
          scope: 'all',
          totals: [figures('26500000.00', 3)],
          byItem: [
            { item: '1a', ...figures('20000000.00', 1) },
            { item: '2a', ...figures('6500000.00', 2) },
          ],
          byEnterprise: [{ enterpriseId: 'e1', ...figures('26500000.00', 3) }],
        },
        '2025-01-15T08:00:00.000Z',
      ),
    ).toString('utf8');
    const prefix = 'jinan-2019-biomedical,2021,all,2025-01-15T08:00:00.000Z,';
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFpolicy,year,scope,knownAt,section,key,currency,cases,submitted,granted,paid,rejected,revoked,recaptured,grantedAmount,paidAmount,recapturedAmount,revokedAmount,netAmount',
      `${prefix}total,,CNY,4,1,3,0,0,0,0,26500000.00,0.00,0.00,0.00,26500000.00`,
      `${prefix}item,1a,CNY,2,1,1,0,0,0,0,20000000.00,0.00,0.00,0.00,20000000.00`,
      `${prefix}item,2a,CNY,3,1,2,0,0,0,0,6500000.00,0.00,0.00,0.00,6500000.00`,
      `${prefix}enterprise,e1,CNY,4,1,3,0,0,0,0,26500000.00,0.00,0.00,0.00,26500000.00`,
      '',
    ]);
  });

  it('leaves the year empty for a report of every year', () => {
    const table = awardsReportTable(
      { policy: 'p', year: null, scope: 'parks', totals: [figures('1.00', 1)], byItem: [], byEnterprise: [] },
      '2025-01-15T08:00:00.000Z',
    );
    expect(table.rows.map((row) => row.slice(0, 5))).toEqual([
      ['p', null, 'parks', '2025-01-15T08:00:00.000Z', 'total'],
    ]);
    expect(toCsv(table).toString('utf8')).toContain('\r\np,,parks,');
  });
});
