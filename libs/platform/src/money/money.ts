import { DecimalError, formatDecimal, parseDecimal } from './decimal';

/**
 * Money is exact: integer minor units in a bigint, always with its ISO 4217 currency.
 * In JSON it is {"amount": "13000000000.00", "currency": "CNY"}: a decimal string, never a float.
 */
export const MINOR_UNITS = { CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0 } as const;
export type Currency = keyof typeof MINOR_UNITS;

export class MoneyError extends Error {
  constructor(
    readonly rule: 'currency' | 'format' | 'scale' | 'currency-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export interface MoneyJson {
  amount: string;
  currency: string;
}

export function isCurrency(code: string): code is Currency {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

function currencyOf(code: string): Currency {
  if (!isCurrency(code)) {
    throw new MoneyError(
      'currency',
      `unsupported currency "${code}" (supported: ${Object.keys(MINOR_UNITS).join(', ')})`,
    );
  }
  return code;
}

export class Money {
  private constructor(
    readonly minor: bigint,
    readonly currency: Currency,
  ) {}

  static ofMinor(minor: bigint, currency: string): Money {
    return new Money(minor, currencyOf(currency));
  }

  static zero(currency: string): Money {
    return Money.ofMinor(0n, currency);
  }

  /** Parses a decimal string such as "13000000000.00" or "-5.5"; never a float. */
  static parse(amount: string, currency: string): Money {
    const code = currencyOf(currency);
    try {
      return new Money(parseDecimal(amount, MINOR_UNITS[code]), code);
    } catch (error) {
      if (!(error instanceof DecimalError)) throw error;
      throw error.rule === 'decimal-scale'
        ? new MoneyError('scale', `${code} has ${MINOR_UNITS[code]} decimal places: ${error.message}`)
        : new MoneyError('format', `amount must be a decimal string like "1234.56", got "${amount}"`);
    }
  }

  static fromJson(json: MoneyJson): Money {
    return Money.parse(json.amount, json.currency);
  }

  add(other: Money): Money {
    return new Money(this.minor + this.same(other).minor, this.currency);
  }

  subtract(other: Money): Money {
    return new Money(this.minor - this.same(other).minor, this.currency);
  }

  negate(): Money {
    return new Money(-this.minor, this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    const delta = this.minor - this.same(other).minor;
    return delta === 0n ? 0 : delta < 0n ? -1 : 1;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  toDecimalString(): string {
    return formatDecimal(this.minor, MINOR_UNITS[this.currency]);
  }

  toJSON(): MoneyJson {
    return { amount: this.toDecimalString(), currency: this.currency };
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  private same(other: Money): Money {
    if (other.currency !== this.currency) {
      throw new MoneyError('currency-mismatch', `cannot combine ${this.currency} with ${other.currency}`);
    }
    return other;
  }
}

/** Sums amounts of one currency exactly. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  return items.reduce((total, item) => total.add(item), Money.zero(currency));
}
