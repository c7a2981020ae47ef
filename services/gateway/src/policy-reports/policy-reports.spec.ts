import { type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { strictValidation } from '../http/validation';
import { AwardsReportQuery, CapsReportQuery } from './policy-reports.dto';
import { awardsReportView, budgetReportView, capsReportView } from './policy-reports.views';

const cny = (minorUnits: string) => ({ minorUnits, currency: 'CNY' });
const pipe = strictValidation();
async function refusal(value: object, metatype: ArgumentMetadata['metatype']): Promise<string[]> {
  try {
    await pipe.transform(value, { type: 'query', metatype });
  } catch (error) {
    if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`);
    throw error;
  }
  return [];
}

describe('the policy reports at the gateway', () => {
  it('takes a year and an enterprise id, and nothing else', async () => {
    expect(await refusal({ year: '2021' }, AwardsReportQuery)).toEqual([]);
    expect(await refusal({}, AwardsReportQuery)).toEqual([]);
    expect(await refusal({ year: '21.5' }, AwardsReportQuery)).toEqual(['year: isInt']);
    expect(await refusal({ year: '0' }, AwardsReportQuery)).toEqual(['year: min']);
    expect(await refusal({ enterpriseId: '0190a6c4-8c46-7d2c-9a41-5f4f2a9b1c3d' }, CapsReportQuery)).toEqual([]);
    expect(await refusal({ enterpriseId: 'qilu', item: '3' }, CapsReportQuery)).toEqual([
      'item: unknown-field',
      'enterpriseId: isUuid',
    ]);
  });

  it('write the awards report’s counts as numbers and its money as decimal strings; every year as a null year', () => {
    const figures = {
      currency: 'CNY',
      cases: '7',
      submitted: '1',
      granted: '3',
      paid: '2',
      rejected: '2',
      revoked: '1',
      recaptured: '2',
      grantedAmount: cny('500000000'),
      paidAmount: cny('450000000'),
      recapturedAmount: cny('140000000'),
      revokedAmount: cny('50000000'),
      netAmount: cny('360000000'),
    };
    const view = {
      currency: 'CNY',
      count: { cases: 7, submitted: 1, granted: 3, paid: 2, rejected: 2, revoked: 1, recaptured: 2 },
      amount: {
        granted: { amount: '5000000.00', currency: 'CNY' },
        paid: { amount: '4500000.00', currency: 'CNY' },
        recaptured: { amount: '1400000.00', currency: 'CNY' },
        revoked: { amount: '500000.00', currency: 'CNY' },
        net: { amount: '3600000.00', currency: 'CNY' },
      },
    };
    expect(
      awardsReportView({
        policy: 'jinan-2019-biomedical',
        year: '0',
        scope: 'parks',
        totals: [figures],
        byItem: [{ item: '3', figures }],
        byEnterprise: [{ enterpriseId: 'e1', figures }],
      }),
    ).toEqual({
      policy: 'jinan-2019-biomedical',
      year: null,
      scope: 'parks',
      totals: [view],
      byItem: [{ item: '3', ...view }],
      byEnterprise: [{ enterpriseId: 'e1', ...view }],
    });
  });

  it('write each cap with its key, and each year’s budget', () => {
    expect(
      capsReportView({
        policy: 'p',
        enterpriseId: 'e1',
        year: '2021',
        policyVersion: '1',
        caps: [
          {
            item: '2a',
            per: ['enterprise', 'year'],
            key: { year: '2021' },
            bound: cny('600000000'),
            used: cny('50000000'),
            remaining: cny('550000000'),
          },
          { item: '5d', per: ['enterprise'], bound: cny('500000000'), used: cny('0'), remaining: cny('500000000') },
        ],
      }).caps.map((c) => [c.item, c.key, c.remaining.amount]),
    ).toEqual([
      ['2a', { year: '2021' }, '5500000.00'],
      ['5d', {}, '5000000.00'],
    ]);
    expect(
      budgetReportView({
        policy: 'p',
        years: [
          {
            year: '2021',
            policyVersion: '1',
            budget: cny('30000000000'),
            used: cny('360000000'),
            remaining: cny('29640000000'),
          },
        ],
      }),
    ).toEqual({
      policy: 'p',
      years: [
        {
          year: 2021,
          policyVersion: 1,
          budget: { amount: '300000000.00', currency: 'CNY' },
          used: { amount: '3600000.00', currency: 'CNY' },
          remaining: { amount: '296400000.00', currency: 'CNY' },
        },
      ],
    });
  });
});
