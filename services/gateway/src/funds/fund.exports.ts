import { type ExportCell, type ExportTable } from '../exports/export-table';
import { type CapitalAccountStatementView } from './fund.views';

/**
 * A partner's capital account statement as one row per line of the statement, in the statement's
 * order (beginning balance, the four movements, ending balance, then the commitment and its parts
 * as of the period's end), each with the period and the instant the figures were read.
 */
export function capitalAccountTable(view: CapitalAccountStatementView, knownAt: string): ExportTable {
  const lines: [string, CapitalAccountStatementView['beginningBalance']][] = [
    ['beginningBalance', view.beginningBalance],
    ['contributions', view.contributions],
    ['distributions', view.distributions],
    ['managementFees', view.managementFees],
    ['gainsLosses', view.gainsLosses],
    ['endingBalance', view.endingBalance],
    ['commitment', view.commitment],
    ['paidIn', view.paidIn],
    ['calledUnpaid', view.calledUnpaid],
    ['unfundedCommitment', view.unfundedCommitment],
  ];
  return {
    name: 'capital account',
    columns: ['fundId', 'partnerId', 'partnerName', 'from', 'to', 'knownAt', 'line', 'amount', 'currency'],
    rows: lines.map(([line, money]): ExportCell[] => [
      view.fundId,
      view.partnerId,
      view.partnerName,
      view.from,
      view.to,
      knownAt,
      line,
      money,
      money.currency,
    ]),
  };
}
