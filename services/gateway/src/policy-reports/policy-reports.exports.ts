import { type ExportCell, type ExportTable } from '../exports/export-table';
import { type AwardFiguresView, type AwardsReportView } from './policy-reports.views';

/**
 * An awards report as one row per total, item and enterprise (and currency): the year (empty for
 * every year), the scope, the instant the figures were read, the counts by status and the amounts.
 */
export function awardsReportTable(view: AwardsReportView, knownAt: string): ExportTable {
  const line = (section: string, key: string, figures: AwardFiguresView): ExportCell[] => [
    view.policy,
    view.year,
    view.scope,
    knownAt,
    section,
    key,
    figures.currency,
    figures.count.cases,
    figures.count.submitted,
    figures.count.granted,
    figures.count.paid,
    figures.count.rejected,
    figures.count.revoked,
    figures.count.recaptured,
    figures.amount.granted,
    figures.amount.paid,
    figures.amount.recaptured,
    figures.amount.revoked,
    figures.amount.net,
  ];
  return {
    name: 'awards',
    columns: [
      'policy',
      'year',
      'scope',
      'knownAt',
      'section',
      'key',
      'currency',
      'cases',
      'submitted',
      'granted',
      'paid',
      'rejected',
      'revoked',
      'recaptured',
      'grantedAmount',
      'paidAmount',
      'recapturedAmount',
      'revokedAmount',
      'netAmount',
    ],
    rows: [
      ...view.totals.map((figures) => line('total', '', figures)),
      ...view.byItem.map((figures) => line('item', figures.item, figures)),
      ...view.byEnterprise.map((figures) => line('enterprise', figures.enterpriseId, figures)),
    ],
  };
}
