import { Money, MoneyError, sumMoney } from './money';

describe('Money', () => {
  it('parses and prints the Heze figure exactly', () => {
    const total = Money.parse('13000000000.00', 'CNY');
    expect(total.minor).toBe(1_300_000_000_000n);
    expect(JSON.stringify(total)).toBe('{"amount":"13000000000.00","currency":"CNY"}');
  });

  it('pads short fractions and handles negatives and zero-decimal currencies', () => {
    expect(Money.parse('5.5', 'CNY').minor).toBe(550n);
    expect(Money.parse('-0.01', 'CNY').toDecimalString()).toBe('-0.01');
    expect(Money.parse('1200', 'JPY').toDecimalString()).toBe('1200');
    expect(Money.ofMinor(7n, 'CNY').toDecimalString()).toBe('0.07');
  });

  it('adds beyond the float range without losing a fen', () => {
    const big = Money.parse('90071992547409.93', 'CNY');
    expect(big.add(Money.parse('0.01', 'CNY')).toDecimalString()).toBe('90071992547409.94');
  });

  it('sums the Heze fund commitments to exactly 3 billion', () => {
    const parts = ['1200000000.00', '900000000.00', '600000000.00', '300000000.00'].map((a) => Money.parse(a, 'CNY'));
    expect(sumMoney(parts, 'CNY').toDecimalString()).toBe('3000000000.00');
  });

  it.each([
    ['1e9', 'format'],
    ['12.345', 'scale'],
    ['1,000.00', 'format'],
    [' 1.00', 'format'],
    ['', 'format'],
  ])('refuses %p (%s)', (amount, rule) => {
    expect(() => Money.parse(amount, 'CNY')).toThrow(MoneyError);
    try {
      Money.parse(amount, 'CNY');
    } catch (error) {
      expect((error as MoneyError).rule).toBe(rule);
    }
  });

  it('refuses unknown currencies and mixing currencies', () => {
    expect(() => Money.parse('1.00', 'XXX')).toThrow('unsupported currency "XXX"');
    expect(() => Money.parse('1.00', 'CNY').add(Money.parse('1.00', 'USD'))).toThrow('cannot combine CNY with USD');
  });

  it('compares', () => {
    const a = Money.parse('1.00', 'CNY');
    expect(a.compare(Money.parse('2.00', 'CNY'))).toBe(-1);
    expect(a.compare(Money.parse('1.00', 'CNY'))).toBe(0);
    expect(a.negate().isNegative()).toBe(true);
  });
});
