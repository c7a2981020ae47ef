import { keyValue } from '../evaluation/evaluate';
import { type FactValue, type PolicyItem } from '../policies/policy-document';

/** A change to what standing awards use of one limit for one key, and the limit's bound. */
export interface UsageChange {
  /** the limit as its kind and key names, e.g. "cap:enterprise,year", or "tier:3" for a threshold paid */
  limit: string;
  /** the key's values as a JSON list, e.g. ["<enterprise id>","2021"] */
  key: string;
  bound: bigint;
  delta: bigint;
}

export interface AwardKeys {
  enterprise: string;
  awardOn: string;
  facts: Record<string, FactValue>;
  tiers: readonly number[];
}

/**
 * What a grant of `amount` adds to each of the item's limits (a count one award, a cap the amount,
 * each threshold paid one), and so what a revocation takes back. A count whose exception the award
 * meets is left alone: the award neither counts nor is limited there.
 */
export function grantUsage(item: PolicyItem, award: AwardKeys, amount: bigint): UsageChange[] {
  const changes: UsageChange[] = [];
  for (const limit of item.limits) {
    const id = `${limit.kind}:${limit.per.join(',')}`;
    const key = JSON.stringify(limit.per.map((name) => keyValue(name, award)));
    if (limit.kind === 'count') {
      const { except } = limit;
      if (except === null || award.facts[except.fact] !== except.is) {
        changes.push({ limit: id, key, bound: BigInt(limit.max), delta: 1n });
      }
    } else {
      changes.push({ limit: id, key, bound: limit.amount, delta: amount });
    }
  }
  for (const tier of award.tiers) {
    changes.push({ limit: `tier:${tier}`, key: JSON.stringify([award.enterprise]), bound: 1n, delta: 1n });
  }
  return changes;
}

/** What a recapture of `amount` frees: its share of every cap, not the counts (the award stands). */
export function recaptureUsage(item: PolicyItem, award: AwardKeys, amount: bigint): UsageChange[] {
  return grantUsage(item, award, amount)
    .filter((change) => change.limit.startsWith('cap:'))
    .map((change) => ({ ...change, delta: -amount }));
}

/** What a revocation frees: everything its grant took, less what recaptures freed already. */
export function revokeUsage(item: PolicyItem, award: AwardKeys, standing: bigint): UsageChange[] {
  return grantUsage(item, award, standing).map((change) => ({ ...change, delta: -change.delta }));
}
