/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a
 * 31-character alphabet (no I, O, S, V, Z); the 18th is a check character computed from the first
 * 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem =
  | { rule: 'uscc-length'; message: string }
  | { rule: 'uscc-characters'; message: string }
  | { rule: 'uscc-check-character'; message: string };

/** The check character for the first 17 characters of a code. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new Error(`"${first17.charAt(i)}" is not a USCC character`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Why a code is not a valid USCC, or undefined when it is. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) {
    return { rule: 'uscc-length', message: `a USCC has 18 characters, "${code}" has ${code.length}` };
  }
  const bad = [...code].filter((char) => !ALPHABET.includes(char));
  if (bad.length > 0) {
    return {
      rule: 'uscc-characters',
      message: `a USCC uses only digits and the capitals ${ALPHABET.slice(10)}; "${code}" has ${[...new Set(bad)].map((c) => `"${c}"`).join(', ')}`,
    };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== expected) {
    return {
      rule: 'uscc-check-character',
      message: `the check character of "${code}" should be "${expected}", not "${code.charAt(17)}"`,
    };
  }
  return undefined;
}

export const isUscc = (code: string): boolean => usccProblem(code) === undefined;
