import { isUscc, usccCheckCharacter, usccProblem } from './uscc';

describe('unified social credit code (GB 32100-2015)', () => {
  // Published codes of Huawei Technologies, Tencent Technology (Shenzhen), Alibaba (China) and Xiaomi.
  it.each(['914403001922038216', '9144030071526726XG', '91330100716105852F', '91110108551385082Q'])(
    'accepts %s',
    (code) => {
      expect(usccProblem(code)).toBeUndefined();
      expect(isUscc(code)).toBe(true);
    },
  );

  it('computes the check character, including the case where the remainder is 0', () => {
    expect(usccCheckCharacter('91440300192203821')).toBe('6');
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('names a wrong check character and the right one', () => {
    expect(usccProblem('914403001922038217')).toEqual({
      rule: 'uscc-check-character',
      message: 'the check character of "914403001922038217" should be "6", not "7"',
    });
  });

  it.each(['91440300192203821', '9144030019220382160', ''])('refuses the wrong length: %p', (code) => {
    expect(usccProblem(code)?.rule).toBe('uscc-length');
  });

  it.each([
    ['lower case', '91440300192203821a'],
    ['a letter GB 32100 leaves out', '91440300I92203821O'],
    ['punctuation', '9144030019220-8216'],
    ['a full-width digit', '９14403001922038216'],
  ])('refuses bad characters (%s)', (_, code) => {
    expect(usccProblem(code)?.rule).toBe('uscc-characters');
  });
});
