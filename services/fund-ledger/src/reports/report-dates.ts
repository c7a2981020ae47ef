import { ErrorKind } from '@parkledger/platform';
import { type FundRow } from '../funds/funds.repository';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';

/**
 * A date before the fund existed is refused, never answered with nothing: an empty answer reads as
 * "reconciled to zero".
 */
export function assertFundExisted(fund: FundRow, asOf: string, field: string): void {
  if (asOf < fund.vintage_on) {
    const message = `the fund starts on ${fund.vintage_on}; it has no books as of ${asOf}`;
    throw new LedgerError(LedgerErrorCode.BeforeVintage, ErrorKind.Invalid, message, [
      { field, rule: 'after-fund-start', message },
    ]);
  }
}

/** Today's date in UTC, YYYY-MM-DD: the business date a request without one means. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** The calendar day before an ISO date (YYYY-MM-DD), in the proleptic Gregorian calendar. */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
