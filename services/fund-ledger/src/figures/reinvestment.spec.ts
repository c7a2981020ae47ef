import { parseRatio, ratioText, reinvestmentFigures } from './reinvestment';

describe('a re-investment requirement', () => {
  it('reads a ratio as an exact fraction, and writes it back short', () => {
    expect(parseRatio('1.2')).toEqual({ numerator: 12n, denominator: 10n });
    expect(parseRatio('2')).toEqual({ numerator: 2n, denominator: 1n });
    for (const bad of ['0', '0.0', '-1', '1.23456', '1,2', '', ' 1']) expect(parseRatio(bad)).toBeUndefined();
    expect(ratioText({ numerator: 12000n, denominator: 10000n })).toBe('1.2');
    expect(ratioText({ numerator: 2n, denominator: 1n })).toBe('2');
  });

  it('requires the ratio of the commitment, rounded up to the fen, and never a shortfall below 0', () => {
    const yankuang = 120_000_000_000n; // 1,200,000,000.00
    expect(reinvestmentFigures(yankuang, { numerator: 12n, denominator: 10n }, 263_000_000_000n)).toEqual({
      required: 144_000_000_000n,
      counted: 263_000_000_000n,
      shortfall: 0n,
      achieved: '2.1917',
    });
    expect(reinvestmentFigures(101n, { numerator: 15n, denominator: 10n }, 100n)).toEqual({
      required: 152n, // 151.5 rounded up
      counted: 100n,
      shortfall: 52n,
      achieved: '0.9901',
    });
    expect(reinvestmentFigures(0n, { numerator: 1n, denominator: 1n }, 0n).achieved).toBeNull();
  });
});
