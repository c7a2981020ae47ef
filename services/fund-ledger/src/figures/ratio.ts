/**
 * `numerator / denominator` as an exact decimal string with `places` decimals, rounded half to
 * even (banker's rounding) in integer arithmetic: DPI, RVPI and TVPI are never floats. Null when
 * the denominator is 0 (nothing paid in yet): the caller says why.
 */
export function ratio(numerator: bigint, denominator: bigint, places = 4): string | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const scale = 10n ** BigInt(places);
  let quotient = (n * scale) / d;
  const twice = 2n * ((n * scale) % d);
  if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
  const digits = quotient.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return `${negative && quotient !== 0n ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}
