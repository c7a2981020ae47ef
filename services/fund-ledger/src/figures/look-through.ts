import { account } from '../ledger/accounts';
import { partnerPosition, type Balances } from './capital-account';
import { ratio } from './ratio';

/** An investment of a sub-fund as of a date: what it is in, and its remaining cost then. */
export interface SubFundHolding {
  investmentId: string;
  targetKind: string;
  targetId: string;
  form: string;
  remainingCost: bigint;
}

export interface LookThroughLine extends SubFundHolding {
  /** the mother fund's share of the remaining cost */
  lookThrough: bigint;
}

/** A mother fund's look-through into one sub-fund, in minor units of the sub-fund's currency. */
export interface SubFundLookThrough {
  paidIn: bigint;
  totalPaidIn: bigint;
  /** paidIn / totalPaidIn to 6 places; null when nothing is paid in */
  share: string | null;
  lines: LookThroughLine[];
  /** the sum of the remaining costs */
  remainingCost: bigint;
  /** the sum of the lines: remainingCost × paidIn / totalPaidIn, truncated */
  lookThrough: bigint;
}

/**
 * A mother fund's share of a sub-fund's investments, pro rata to its share of the sub-fund's
 * paid-in capital (`paidIn` of `totalPaidIn`). The sub-fund total is the exact share of the total
 * remaining cost truncated to the minor unit (never more than the fund's share); it is split over
 * the investments by the largest remainder: each line gets its exact share rounded down, and the
 * units left go one each to the largest remainders, equal remainders in ascending investment id. So
 * each line is its exact share rounded down or up, and the lines sum to the total exactly. The
 * share is `ratio` to 6 places, rounded half to even, for reading only: the amounts use the exact
 * fraction. Nothing paid in: no share, and every amount 0.
 */
export function lookThrough(input: {
  paidIn: bigint;
  totalPaidIn: bigint;
  holdings: readonly SubFundHolding[];
}): SubFundLookThrough {
  const { paidIn, totalPaidIn } = input;
  const holdings = [...input.holdings].sort((a, b) => (a.investmentId < b.investmentId ? -1 : 1));
  const remainingCost = holdings.reduce((sum, h) => sum + h.remainingCost, 0n);
  if (totalPaidIn <= 0n) {
    return {
      paidIn,
      totalPaidIn,
      share: null,
      lines: holdings.map((h) => ({ ...h, lookThrough: 0n })),
      remainingCost,
      lookThrough: 0n,
    };
  }
  const total = (remainingCost * paidIn) / totalPaidIn;
  const exact = holdings.map((h) => ({
    holding: h,
    share: (h.remainingCost * paidIn) / totalPaidIn,
    remainder: (h.remainingCost * paidIn) % totalPaidIn,
  }));
  let left = total - exact.reduce((sum, e) => sum + e.share, 0n);
  // a stable sort: equal remainders keep the ascending id order
  for (const entry of [...exact].sort((a, b) =>
    a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1,
  )) {
    if (left <= 0n) break;
    entry.share += 1n;
    left -= 1n;
  }
  return {
    paidIn,
    totalPaidIn,
    share: ratio(paidIn, totalPaidIn, 6),
    lines: exact.map((e) => ({ ...e.holding, lookThrough: e.share })),
    remainingCost,
    lookThrough: total,
  };
}

const sumOf = (balances: Balances, prefix: string): bigint =>
  [...balances].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, balance]) => sum + balance, 0n);

/** A sub-fund's paid-in capital from its balances: committed − unfunded − called but unpaid (as fund-figures.ts). */
export const paidInOf = (balances: Balances): bigint =>
  -sumOf(balances, 'commitment:') - sumOf(balances, 'unfunded:') - sumOf(balances, 'receivable:');

/**
 * The look-through into one sub-fund from its balances as of the date: the mother fund's paid-in
 * over its partners there (`partnerIds`), the sub-fund's own, and its investments with a remaining
 * cost then (`investment:<id>` above 0: one made later, reversed, sold or written off in full has
 * none). `commitment` is the mother fund's commitment there as of the date: 0 when it had none yet.
 */
export function subFundLookThrough(input: {
  balances: Balances;
  partnerIds: readonly string[];
  investments: readonly Omit<SubFundHolding, 'remainingCost'>[];
}): SubFundLookThrough & { commitment: bigint } {
  const { balances } = input;
  const positions = input.partnerIds.map((id) => partnerPosition(balances, id));
  const holdings = input.investments
    .map((investment) => ({
      ...investment,
      remainingCost: balances.get(account.investment(investment.investmentId)) ?? 0n,
    }))
    .filter((holding) => holding.remainingCost > 0n);
  return {
    ...lookThrough({
      paidIn: positions.reduce((sum, p) => sum + p.paidIn, 0n),
      totalPaidIn: paidInOf(balances),
      holdings,
    }),
    commitment: positions.reduce((sum, p) => sum + p.commitment, 0n),
  };
}

/** Amounts in several currencies summed per currency, in currency code order. */
export function totalsByCurrency(
  amounts: readonly { currency: string; minor: bigint }[],
): { currency: string; minor: bigint }[] {
  const totals = new Map<string, bigint>();
  for (const { currency, minor } of amounts) totals.set(currency, (totals.get(currency) ?? 0n) + minor);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, minor]) => ({ currency, minor }));
}
