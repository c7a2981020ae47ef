import { createHash } from 'node:crypto';
import { usccCheckCharacter } from '@parkledger/platform';

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A valid, made-up USCC for a demo enterprise: "91" (an enterprise registered with market
 * regulation), its division code, a 9-character organisation code from the key, the check character.
 * The same key always gives the same code.
 */
export function demoUscc(key: string, division: string): string {
  const digest = createHash('sha256').update(`parkledger-demo:${key}`).digest();
  const org = Array.from({ length: 9 }, (_, i) => ORG_ALPHABET.charAt((digest[i] ?? 0) % ORG_ALPHABET.length)).join('');
  const first17 = `91${division}${org}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}
