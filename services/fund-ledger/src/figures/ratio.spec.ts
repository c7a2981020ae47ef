import fc from 'fast-check';
import { ratio } from './ratio';

describe('a ratio as an exact decimal string', () => {
  it('gives DPI, RVPI and TVPI to four places, rounding half to even', () => {
    expect(ratio(1_500n, 1_000n)).toBe('1.5000');
    expect(ratio(2n, 3n)).toBe('0.6667');
    expect(ratio(1n, 3n)).toBe('0.3333');
    expect(ratio(5n, 100_000n)).toBe('0.0000'); // 0.00005: half, to the even 0
    expect(ratio(15n, 100_000n)).toBe('0.0002'); // 0.00015: half, to the even 2
    expect(ratio(25n, 100_000n)).toBe('0.0002'); // 0.00025: half, to the even 2
    expect(ratio(0n, 7n)).toBe('0.0000');
    expect(ratio(-1n, 3n)).toBe('-0.3333');
    expect(ratio(7n, 2n, 0)).toBe('4');
  });

  it('has none when nothing was paid in', () => {
    expect(ratio(10n, 0n)).toBeNull();
  });

  it('is the exact quotient to within half a unit of the last place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 18n }), (n, d) => {
        const text = ratio(n, d) ?? '';
        const [whole = '', fraction = ''] = text.split('.');
        const scaled = BigInt(whole) * 10_000n + BigInt(fraction);
        // |scaled / 10^4 - n / d| <= 1/2 * 10^-4  <=>  |2 * (scaled * d - n * 10^4)| <= d
        const error = 2n * (scaled * d - n * 10_000n);
        expect(error <= d && error >= -d).toBe(true);
      }),
    );
  });
});
