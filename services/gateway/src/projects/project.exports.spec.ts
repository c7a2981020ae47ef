import { toCsv } from '../exports/csv';
import { parkStatisticsTable, projectsTable } from './project.exports';
import { type ProjectView } from './project.views';

const KNOWN_AT = '2025-01-15T08:00:00.000Z';
const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe('park statistics and project exports', () => {
  it('write a park’s statistics one figure a row, with the period, asOf and knownAt on each', () => {
    const table = parkStatisticsTable(
      {
        parkId: 'p1',
        signedCount: 40,
        projectsByStage: { SIGNED: 14, IN_OPERATION: 26 },
        stalledProjectIds: ['x1'],
        totals: [
          {
            currency: 'CNY',
            signedCount: 40,
            signedPlannedInvestment: cny('13000000000.00'),
            completedInvestment: cny('4456400000.00'),
            plannedInvestmentOfSigned: cny('13000000000.00'),
            completedSharePercent: '34.28',
          },
        ],
      },
      { from: '2022-01-01', to: '2023-12-31' },
      KNOWN_AT,
    );
    expect(toCsv(table).toString('utf8')).toBe(
      '\uFEFFparkId,from,to,asOf,knownAt,figure,key,value,currency\r\n' +
        [
          'signedCount,,40,',
          'projectsByStage,SIGNED,14,',
          'projectsByStage,IN_OPERATION,26,',
          'signedCount,,40,CNY',
          'signedPlannedInvestment,,13000000000.00,CNY',
          'plannedInvestmentOfSigned,,13000000000.00,CNY',
          'completedInvestment,,4456400000.00,CNY',
          'completedSharePercent,,34.28,CNY',
          'stalledProject,x1,,',
        ]
          .map((rest) => `p1,2022-01-01,2023-12-31,2023-12-31,${KNOWN_AT},${rest}\r\n`)
          .join(''),
    );
  });

  it('write projects one a row with the signing period filtered on', () => {
    const project: ProjectView = {
      id: 'j1',
      parkId: 'p1',
      enterpriseId: 'e1',
      industryField: 'biological-medicine',
      nameZh: '近岸蛋白 mRNA 原料项目',
      nameEn: 'Nearshore protein, mRNA raw materials',
      plannedInvestment: cny('500000000.00'),
      stage: 'IN_OPERATION',
      stageDates: { SIGNED: '2022-02-18', IN_OPERATION: '2022-11-30' },
      completedInvestment: cny('500000000.00'),
      completedAsOf: '2022-11-30',
      overPlan: false,
      version: 4,
    };
    const table = projectsTable([project], { signedFrom: '2022-01-01', signedTo: '2022-12-31' }, KNOWN_AT);
    expect(table.rows).toEqual([
      [
        '2022-01-01',
        '2022-12-31',
        KNOWN_AT,
        'j1',
        'p1',
        'e1',
        '近岸蛋白 mRNA 原料项目',
        'Nearshore protein, mRNA raw materials',
        'biological-medicine',
        'IN_OPERATION',
        '2022-02-18',
        cny('500000000.00'),
        cny('500000000.00'),
        'CNY',
        '2022-11-30',
        'no',
      ],
    ]);
  });
});
