import { isCurrency, MINOR_UNITS, Money, MoneyError } from '@parkledger/platform';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** The rule a violation is reported under. */
const CURRENCY_DECIMALS = 'currency-decimals';

function scaleFits(amount: unknown, currency: unknown): boolean {
  if (typeof amount !== 'string' || typeof currency !== 'string' || !isCurrency(currency)) return true; // other rules say it
  try {
    Money.parse(amount, currency);
    return true;
  } catch (error) {
    if (error instanceof MoneyError && error.rule === 'scale') return false;
    return true; // a malformed amount is the pattern's to report
  }
}

/**
 * The one place a money amount from a request meets its currency: no more decimal places than the
 * currency's ISO 4217 minor units (JPY none, CNY two), so Money.parse never fails behind the edge.
 */
export const FitsCurrency =
  (): PropertyDecorator =>
  (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: CURRENCY_DECIMALS,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          scaleFits(value, (args.object as { currency?: unknown }).currency),
        defaultMessage: (args: ValidationArguments) => {
          const currency = String((args.object as { currency?: unknown }).currency);
          const places = isCurrency(currency) ? MINOR_UNITS[currency] : 0;
          return `${args.property} has more decimal places than ${currency} has (${places})`;
        },
      },
    });
  };
