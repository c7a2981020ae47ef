import { ErrorKind } from '@parkledger/platform';
import { LedgerError, LedgerErrorCode } from './ledger.errors';

/** One claimant on an amount to split: a partner, by its id, with its weight (its unfunded commitment, its paid-in capital). */
export interface Claim {
  key: string;
  weight: bigint;
}

/**
 * Splits `total` minor units among the claims in proportion to their weights, by the largest
 * remainder (Hamilton's method): each claim gets the whole part of its exact share, and the units
 * left over go one each to the largest remainders, equal remainders in ascending key order. The
 * shares sum to `total` exactly, no share is more than one unit from its exact share, and the
 * answer does not depend on the order of the claims. A capital call splits over unfunded
 * commitments, a distribution over paid-in capital.
 */
export function allocate(total: bigint, claims: readonly Claim[]): Map<string, bigint> {
  if (total < 0n) throw invalid('total', 'the amount to split must not be negative');
  if (new Set(claims.map((claim) => claim.key)).size !== claims.length)
    throw invalid('claims', 'each claimant appears once');
  if (claims.some((claim) => claim.weight < 0n)) throw invalid('claims', 'a weight must not be negative');
  const sum = claims.reduce((acc, claim) => acc + claim.weight, 0n);
  if (sum === 0n && total > 0n) {
    throw new LedgerError(
      LedgerErrorCode.NothingToAllocate,
      ErrorKind.Conflict,
      'nothing to split over: every weight is 0',
    );
  }
  const shares = claims.map((claim) => ({
    key: claim.key,
    share: sum === 0n ? 0n : (total * claim.weight) / sum,
    remainder: sum === 0n ? 0n : (total * claim.weight) % sum,
  }));
  let left = total - shares.reduce((acc, s) => acc + s.share, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? (a.key < b.key ? -1 : 1) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const entry of byRemainder) {
    if (left === 0n) break;
    entry.share += 1n;
    left -= 1n;
  }
  return new Map(shares.map((s) => [s.key, s.share]));
}

const invalid = (field: string, message: string) =>
  new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [{ field, rule: 'allocation', message }]);
