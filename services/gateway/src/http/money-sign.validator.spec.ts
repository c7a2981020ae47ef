import { hasSign, signOf } from './money-sign.validator';

describe('the sign of a money amount', () => {
  it.each([
    ['1', 1],
    ['0.01', 1],
    ['3000000000.00', 1],
    ['-0.01', -1],
    ['-50000000', -1],
    ['0', 0],
    ['0.00', 0],
    ['-0.00', 0],
    ['000', 0],
  ])('%p has sign %p', (amount, sign) => expect(signOf(amount)).toBe(sign));

  it.each(['', '-', '1.', '.5', '+1', '1e3', ' 1', 12, null, undefined])('%p has none', (amount) =>
    expect(signOf(amount)).toBeUndefined(),
  );

  it('positive refuses zero and below', () => {
    expect(hasSign({ amount: '0.01', currency: 'CNY' }, 'positive')).toBe(true);
    expect(hasSign({ amount: '0.00', currency: 'CNY' }, 'positive')).toBe(false);
    expect(hasSign({ amount: '-5.00', currency: 'CNY' }, 'positive')).toBe(false);
  });

  it('non-zero takes either sign and refuses zero, negative zero included', () => {
    expect(hasSign({ amount: '-50000000.00', currency: 'CNY' }, 'non-zero')).toBe(true);
    expect(hasSign({ amount: '50000000.00', currency: 'CNY' }, 'non-zero')).toBe(true);
    expect(hasSign({ amount: '0', currency: 'JPY' }, 'non-zero')).toBe(false);
    expect(hasSign({ amount: '-0.00', currency: 'CNY' }, 'non-zero')).toBe(false);
  });

  it('leaves a missing or malformed amount to the rules that report it', () => {
    for (const money of [undefined, null, 'x', {}, { amount: 'abc' }, { amount: 5 }]) {
      expect(hasSign(money, 'positive')).toBe(true);
      expect(hasSign(money, 'non-zero')).toBe(true);
    }
  });
});
