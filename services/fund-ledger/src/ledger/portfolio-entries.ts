import { account } from './accounts';
import { type Posting } from './journal-entry';

/** An investment's books: its remaining cost and its valuation adjustment (fair value − cost). */
export interface Holding {
  investmentId: string;
  currency: string;
  remainingCost: bigint;
  valuation: bigint;
}

/**
 * The part of the valuation adjustment that leaves with `cost` of the remaining cost: all of it when
 * the whole remaining cost leaves, else its share, truncated toward zero so what stays is never
 * released twice.
 */
export function releasedValuation(holding: Holding, cost: bigint): bigint {
  if (holding.remainingCost <= 0n || cost >= holding.remainingCost) return holding.valuation;
  return (holding.valuation * cost) / holding.remainingCost;
}

const releasing = (holding: Holding, cost: bigint): Posting[] => {
  const released = releasedValuation(holding, cost);
  if (released === 0n) return [];
  return [
    { account: account.unrealisedGain, amount: released, currency: holding.currency },
    { account: account.valuation(holding.investmentId), amount: -released, currency: holding.currency },
  ];
};

/** A fair value as of its date: the adjustment moves to fair value − remaining cost. None when it's already there. */
export function valuationPostings(holding: Holding, fairValue: bigint): Posting[] {
  const delta = fairValue - holding.remainingCost - holding.valuation;
  if (delta === 0n) return [];
  return [
    { account: account.valuation(holding.investmentId), amount: delta, currency: holding.currency },
    { account: account.unrealisedGain, amount: -delta, currency: holding.currency },
  ];
}

/**
 * An exit: `cost` of the remaining cost leaves for `proceeds` in cash; the difference is the
 * realised gain (a credit) or loss (a debit), and the valuation adjustment on that cost is released.
 */
export function exitPostings(holding: Holding, cost: bigint, proceeds: bigint): { postings: Posting[]; gain: bigint } {
  const { currency } = holding;
  const gain = proceeds - cost;
  const postings: Posting[] = [
    ...(proceeds > 0n ? [{ account: account.cash, amount: proceeds, currency }] : []),
    { account: account.investment(holding.investmentId), amount: -cost, currency },
    ...(gain !== 0n ? [{ account: account.realisedGain, amount: -gain, currency }] : []),
    ...releasing(holding, cost),
  ];
  return { postings, gain };
}

/** A write-off of `amount` of the remaining cost, up to all of it: a loss, and its valuation released. */
export function writeOffPostings(holding: Holding, amount: bigint): Posting[] {
  const { currency } = holding;
  return [
    { account: account.writtenOff, amount, currency },
    { account: account.investment(holding.investmentId), amount: -amount, currency },
    ...releasing(holding, amount),
  ];
}
