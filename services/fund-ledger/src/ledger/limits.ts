import { ErrorKind, Money } from '@parkledger/platform';
import { LedgerError, LedgerErrorCode } from './ledger.errors';

/** The limits the database keeps on the journal, by the account kind they hold for. */
export const LIMITS = {
  cash: 'no investment, distribution or fee above the cash the fund holds on its date',
  'unfunded-commitment': "no call above a partner's unfunded commitment",
  'called-capital': 'no contribution above what was called from the partner and not yet paid',
  'remaining-cost': "no exit or write-off above the investment's remaining cost",
} as const;
export type Limit = keyof typeof LIMITS;

export function limitOf(account: string): Limit | undefined {
  if (account === 'cash') return 'cash';
  if (account.startsWith('unfunded:')) return 'unfunded-commitment';
  if (account.startsWith('receivable:')) return 'called-capital';
  if (account.startsWith('investment:')) return 'remaining-cost';
  return undefined;
}

const NUMERIC_VALUE_OUT_OF_RANGE = '22003';

/** What node-postgres tells of a refused statement. */
export interface DatabaseRefusal {
  code?: string;
  constraint?: string;
  detail?: string;
  hint?: string;
}

/** The 409 for a limit, naming it in the message and as the rule of `field`. */
export function limitExceeded(limit: Limit, detail: string, field = 'amount'): LedgerError {
  const message = `${LIMITS[limit]}: ${detail}`;
  return new LedgerError(LedgerErrorCode.LimitExceeded, ErrorKind.Conflict, message, [{ field, rule: limit, message }]);
}

const amount = (minor: string | undefined, currency: string): string =>
  minor === undefined || !/^-?\d+$/.test(minor) ? '?' : Money.ofMinor(BigInt(minor), currency).toString();

/**
 * The ledger's own refusal for what the database refused (see the journal migrations): a limit,
 * a closed period, the fund's start, a second reversal. Anything else is not the caller's doing:
 * undefined, and the error goes on as it is.
 */
export function ledgerRefusal(refusal: DatabaseRefusal, currency: string): LedgerError | undefined {
  if (refusal.code === NUMERIC_VALUE_OUT_OF_RANGE) {
    const message =
      'an amount or a balance it makes is beyond what the ledger holds (±9,223,372,036,854,775,807 minor units)';
    return new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
      { field: 'amount', rule: 'in-range', message },
    ]);
  }
  switch (refusal.constraint ?? '') {
    case 'account_balances_floor':
    case 'account_balances_floor_as_of': {
      const account = refusal.detail ?? '';
      const limit = limitOf(account) ?? 'cash';
      const [figure, day] = (refusal.hint ?? '').split(' ');
      const what =
        refusal.constraint === 'account_balances_floor_as_of'
          ? `${account} would fall to ${amount(figure, currency)} on ${day ?? '?'}`
          : `${account} held ${amount(figure, currency)}`;
      return limitExceeded(limit, what);
    }
    case 'journal_period_closed':
      return new LedgerError(
        LedgerErrorCode.PeriodClosed,
        ErrorKind.Conflict,
        `the books are closed through ${refusal.detail ?? '?'}; date the entry after it`,
        [{ field: 'effectiveOn', rule: 'period-closed', message: `closed through ${refusal.detail ?? '?'}` }],
      );
    case 'journal_before_vintage':
      return new LedgerError(
        LedgerErrorCode.BeforeVintage,
        ErrorKind.Invalid,
        `the fund starts on ${refusal.detail ?? '?'}; an entry can't be dated before it`,
        [{ field: 'effectiveOn', rule: 'after-fund-start', message: `on or after ${refusal.detail ?? '?'}` }],
      );
    case 'journal_entries_reverses_key':
      return new LedgerError(LedgerErrorCode.AlreadyReversed, ErrorKind.Conflict, 'the entry is already reversed');
    case 'partners_name':
      return new LedgerError(LedgerErrorCode.PartnerExists, ErrorKind.Conflict, 'the fund has a partner of that name', [
        { field: 'name', rule: 'unique', message: 'a fund has one partner of a name' },
      ]);
    default:
      return undefined;
  }
}
