import { ErrorKind } from '@parkledger/platform';
import { ProjectError, ProjectErrorCode } from './project.errors';

export interface InvestmentReport {
  asOf: string;
  /** cumulative completed investment, minor units */
  cumulative: bigint;
  correctionReason?: string;
}

/**
 * A report states the cumulative completed investment as of a date. A lower figure than the last
 * is refused unless it is a correction with a stated reason; a figure above the plan is accepted
 * and flagged.
 */
export function assessReport(
  last: InvestmentReport | undefined,
  report: InvestmentReport,
  plannedMinor: bigint,
): { overPlan: boolean } {
  if (report.cumulative < 0n) {
    throw new ProjectError(ProjectErrorCode.Invalid, ErrorKind.Invalid, 'completed investment cannot be negative', [
      { field: 'completedInvestment', rule: 'non-negative', message: 'at least 0' },
    ]);
  }
  if (last !== undefined && report.asOf < last.asOf) {
    throw new ProjectError(
      ProjectErrorCode.Invalid,
      ErrorKind.Invalid,
      `asOf ${report.asOf} is before the last report, ${last.asOf}`,
      [{ field: 'asOf', rule: 'not-before-last-report', message: `on or after ${last.asOf}` }],
    );
  }
  const reason = report.correctionReason?.trim() ?? '';
  if (last !== undefined && report.cumulative < last.cumulative && reason === '') {
    throw new ProjectError(
      ProjectErrorCode.ReportDecreases,
      ErrorKind.Invalid,
      `the cumulative figure can only fall as a correction: give correctionReason (last report ${last.asOf})`,
      [{ field: 'correctionReason', rule: 'required-for-decrease', message: 'state why the figure is lower' }],
    );
  }
  return { overPlan: report.cumulative > plannedMinor };
}
