import { ratio as decimalRatio } from './ratio';

/** A ratio as a decimal string, e.g. "1.2": up to 8 digits before the point and 4 after, above 0. */
const RATIO = /^(\d{1,8})(?:\.(\d{1,4}))?$/;

/** The ratio as an exact fraction, or undefined when it is not one of the form above, or is 0. */
export function parseRatio(text: string): { numerator: bigint; denominator: bigint } | undefined {
  const match = RATIO.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  const numerator = BigInt(`${match[1] ?? '0'}${fraction}`);
  if (numerator === 0n) return undefined;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/** The ratio as written back: no trailing zeros after the point ("1.2000" is "1.2"). */
export const ratioText = (fraction: { numerator: bigint; denominator: bigint }): string =>
  (decimalRatio(fraction.numerator, fraction.denominator, 4) ?? '').replace(/\.?0+$/, '');

export interface ReinvestmentFigures {
  required: bigint;
  counted: bigint;
  shortfall: bigint;
  /** counted / commitment to 4 places; null with no commitment */
  achieved: string | null;
}

/**
 * A re-investment requirement's figures: the ratio of the partner's commitment the fund must invest
 * in its region (rounded up to the minor unit: an obligation isn't met by a fraction short of it),
 * what counts toward it, and what is short (never below zero).
 */
export function reinvestmentFigures(
  commitment: bigint,
  fraction: { numerator: bigint; denominator: bigint },
  counted: bigint,
): ReinvestmentFigures {
  const product = commitment * fraction.numerator;
  const required = product / fraction.denominator + (product % fraction.denominator === 0n ? 0n : 1n);
  const shortfall = required > counted ? required - counted : 0n;
  return { required, counted, shortfall, achieved: decimalRatio(counted, commitment, 4) };
}
