import { yuan } from '../testing/jinan-2019';
import { type AwardGroupRow, awardsReport } from './award-figures';

const row = (item: string, enterprise: string, figures: Partial<AwardGroupRow>): AwardGroupRow => ({
  item,
  enterprise_id: enterprise,
  currency: 'CNY',
  submitted: '0',
  granted: '0',
  paid: '0',
  rejected: '0',
  revoked: '0',
  recaptured: '0',
  granted_amount: '0',
  paid_amount: '0',
  recaptured_amount: '0',
  revoked_amount: '0',
  ...figures,
});
const minor = (text: string) => yuan(text).toString();

describe('the awards report: counts by status and money, in all, by item and by enterprise', () => {
  // qilu: two item-3 generics granted and paid (3,500,000.00 and 4,000,000.00), 1,000,000.00 of one recaptured,
  // a third rejected; a 2a trial granted 500,000.00 and revoked; acv: one 3 submitted, one 2a granted
  const rows = [
    row('3', 'qilu', {
      granted: '2',
      paid: '2',
      rejected: '1',
      recaptured: '1',
      granted_amount: minor('7,500,000.00'),
      paid_amount: minor('7,500,000.00'),
      recaptured_amount: minor('1,000,000.00'),
    }),
    row('2a', 'qilu', { revoked: '1', revoked_amount: minor('500,000.00') }),
    row('3', 'acv', { submitted: '1' }),
    row('2a', 'acv', { granted: '1', granted_amount: minor('500,000.00') }),
  ];

  it('adds up every award once, the net being what stands less what was recaptured', () => {
    const [total] = awardsReport(rows).totals;
    expect(total).toEqual({
      currency: 'CNY',
      cases: 6n,
      submitted: 1n,
      granted: 3n,
      paid: 2n,
      rejected: 1n,
      revoked: 1n,
      recaptured: 1n,
      grantedAmount: yuan('8,000,000.00'),
      paidAmount: yuan('7,500,000.00'),
      recapturedAmount: yuan('1,000,000.00'),
      revokedAmount: yuan('500,000.00'),
      netAmount: yuan('7,000,000.00'),
    });
  });

  it('lists items in the policy’s numbering and enterprises by id, each with its own sums', () => {
    const report = awardsReport([...rows, row('10', 'qilu', { granted: '1', granted_amount: '1' })]);
    expect(report.byItem.map(({ item, figures }) => [item, figures.cases, figures.netAmount])).toEqual([
      ['2a', 2n, yuan('500,000.00')],
      ['3', 4n, yuan('6,500,000.00')],
      ['10', 1n, 1n],
    ]);
    expect(report.byEnterprise.map(({ enterpriseId, figures }) => [enterpriseId, figures.netAmount])).toEqual([
      ['acv', yuan('500,000.00')],
      ['qilu', yuan('6,500,000.00') + 1n],
    ]);
  });

  it('keeps each currency apart: nothing is added across currencies', () => {
    const report = awardsReport([
      row('3', 'qilu', { granted: '1', granted_amount: '100' }),
      row('3', 'qilu', { currency: 'USD', granted: '1', granted_amount: '7' }),
    ]);
    expect(report.totals.map((t) => [t.currency, t.grantedAmount])).toEqual([
      ['CNY', 100n],
      ['USD', 7n],
    ]);
    expect(report.byItem.map((i) => [i.item, i.figures.currency])).toEqual([
      ['3', 'CNY'],
      ['3', 'USD'],
    ]);
  });

  it('answers no totals for no awards', () => {
    expect(awardsReport([])).toEqual({ totals: [], byItem: [], byEnterprise: [] });
  });
});
