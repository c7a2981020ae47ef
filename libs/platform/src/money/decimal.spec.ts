import { DecimalError, formatDecimal, parseDecimal, shortDecimal } from './decimal';

describe('exact decimals', () => {
  it('adds the Jinan Life Science City areas exactly: 21.6 + 32.2 = 53.8', () => {
    const sum = parseDecimal('21.6', 4) + parseDecimal('32.2', 4);
    expect(sum).toBe(parseDecimal('53.8', 4));
    expect(shortDecimal(sum, 4)).toBe('53.8');
    expect(0.1 + 0.2 === 0.3).toBe(false); // what floats would have done
  });

  it('formats with all places or only those that matter', () => {
    expect(formatDecimal(550n, 2)).toBe('5.50');
    expect(formatDecimal(-1n, 2)).toBe('-0.01');
    expect(formatDecimal(7n, 0)).toBe('7');
    expect(shortDecimal(149_200n, 4)).toBe('14.92');
    expect(shortDecimal(10_000n, 4)).toBe('1');
    expect(shortDecimal(0n, 4)).toBe('0');
  });

  it.each([
    ['1e3', 'decimal-format'],
    ['.5', 'decimal-format'],
    ['5.', 'decimal-format'],
    ['0.00001', 'decimal-scale'],
  ])('refuses %p', (text, rule) => {
    let caught: unknown;
    try {
      parseDecimal(text, 4);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DecimalError);
    expect((caught as DecimalError).rule).toBe(rule);
  });
});
