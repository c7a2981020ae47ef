import { registerDecorator, type ValidationArguments } from 'class-validator';

/** What a money amount must be beyond its form; named as the services name the same rules. */
export type AmountSign = 'positive' | 'non-zero';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** The sign of a decimal string: -1, 0 ("0.00" and "-0.00" alike) or 1; undefined if it is not one. */
export function signOf(amount: unknown): -1 | 0 | 1 | undefined {
  if (typeof amount !== 'string') return undefined;
  const match = DECIMAL.exec(amount);
  if (match === null) return undefined;
  if (/^0*$/.test(`${match[2] ?? ''}${match[3] ?? ''}`)) return 0;
  return match[1] === '-' ? -1 : 1;
}

const RULES: Record<AmountSign, [(sign: -1 | 0 | 1) => boolean, string]> = {
  positive: [(sign) => sign > 0, 'more than 0'],
  'non-zero': [(sign) => sign !== 0, 'other than 0'],
};

/** Whether a money object's amount has the sign; a missing or malformed amount is the other rules' to report. */
export function hasSign(money: unknown, sign: AmountSign): boolean {
  if (typeof money !== 'object' || money === null) return true;
  const value = signOf((money as { amount?: unknown }).amount);
  return value === undefined || RULES[sign][0](value);
}

/**
 * The money object in this field (a MoneyDto or SignedMoneyDto, validated as a nested object) has
 * an amount of the sign: the refusal names the field, e.g. `amount: positive`.
 */
export const HasSign =
  (sign: AmountSign): PropertyDecorator =>
  (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: sign,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => hasSign(value, sign),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${RULES[sign][1]}`,
      },
    });
  };
