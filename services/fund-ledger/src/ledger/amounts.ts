import { type MoneyJson } from '@parkledger/contracts';
import { ErrorKind, Money, MoneyError } from '@parkledger/platform';
import { type FieldCheck } from '@parkledger/service-kit';
import { LedgerError, LedgerErrorCode } from './ledger.errors';

/** Minor units as the contracts carry money: a decimal integer string and the currency. */
export { moneyJson } from '@parkledger/contracts';

export type Sign = 'positive' | 'non-negative' | 'non-zero';

const RULES: Record<Sign, [(minor: bigint) => boolean, string]> = {
  positive: [(minor) => minor > 0n, 'more than 0'],
  'non-negative': [(minor) => minor >= 0n, '0 or more'],
  'non-zero': [(minor) => minor !== 0n, 'other than 0'],
};

/** An amount of the request, checked for its form and sign; its currency is checked against the fund's later. */
export function checkAmount(check: FieldCheck, field: string, money: MoneyJson | undefined, sign: Sign): Money {
  if (money === undefined || (money.currency ?? '') === '') {
    check.fail(field, 'required', `${field} is required`);
    return Money.zero('CNY');
  }
  try {
    const amount = Money.ofMinor(BigInt(money.minorUnits ?? '0'), money.currency ?? '');
    const [holds, words] = RULES[sign];
    if (!holds(amount.minor)) check.fail(field, sign, `${field} must be ${words}`);
    return amount;
  } catch (error) {
    if (!(error instanceof MoneyError) && !(error instanceof SyntaxError)) throw error;
    check.fail(field, 'money', `${field}: ${error.message}`);
    return Money.zero('CNY');
  }
}

/** The amount in minor units, once it is known to be in the fund's one currency. */
export function inFundCurrency(amount: Money, currency: string, field: string): bigint {
  if (amount.currency !== currency) {
    const message = `${field} must be in the fund's currency ${currency}, not ${amount.currency}`;
    throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
      { field, rule: 'fund-currency', message },
    ]);
  }
  return amount.minor;
}
