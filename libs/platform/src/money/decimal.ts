/**
 * Exact decimals as scaled integers: "53.8" at scale 4 is 538000n. For money and for measures
 * such as planned areas in km², where 21.6 + 32.2 must be exactly 53.8.
 */
export class DecimalError extends Error {
  constructor(
    readonly rule: 'decimal-format' | 'decimal-scale',
    message: string,
  ) {
    super(message);
    this.name = 'DecimalError';
  }
}

export function parseDecimal(text: string, scale: number): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new DecimalError('decimal-format', `expected a decimal string like "1234.56", got "${text}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new DecimalError('decimal-scale', `at most ${scale} decimal places, "${text}" has ${fraction.length}`);
  }
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  return sign === '-' ? -units : units;
}

/** All `scale` decimal places: formatDecimal(550n, 2) is "5.50". */
export function formatDecimal(units: bigint, scale: number): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return units < 0n ? `-${text}` : text;
}

/** Only the decimal places that matter: shortDecimal(538000n, 4) is "53.8". */
export function shortDecimal(units: bigint, scale: number): string {
  return formatDecimal(units, scale)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}
