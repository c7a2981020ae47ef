import { inScope, type RowScope } from './public-support-access';

/** What one fund invested in the projects asked about, in one currency. */
export interface FundRow {
  fundId: string;
  currency: string;
  investedMinor: bigint;
  investments: number;
}

/** What one policy's awards naming the projects paid and had recaptured, in one currency. */
export interface PolicyRow {
  policy: string;
  currency: string;
  paidMinor: bigint;
  recapturedMinor: bigint;
  awards: number;
}

/** A project's completed investment, in its currency. */
export interface CompletedRow {
  currency: string;
  completedMinor: bigint;
}

export interface SupportTotals {
  currency: string;
  fundInvestedMinor: bigint;
  awardsNetPaidMinor: bigint;
  publicMoneyMinor: bigint;
  completedMinor: bigint;
  /** public money / completed investment in basis points, rounded down; null when nothing is completed */
  publicShareBasisPoints: bigint | null;
}

export interface PublicSupportFigures {
  funds: FundRow[];
  policies: PolicyRow[];
  totals: SupportTotals[];
  /** the caller reads only some funds' rows or none */
  fundsWithheld: boolean;
  /** the caller reads only some policies' rows or none */
  awardsWithheld: boolean;
}

/**
 * The public support the caller may read: the fund and policy rows of its scopes, and per currency
 * the sums of those rows alone beside the completed investment, with the share public money is of
 * it. A total is never over a row that is not shown. Whether rows are withheld follows from the
 * scope, not from what the rows are, so the flag never tells a caller that a fund or a policy it
 * may not read put money in. Amounts of different currencies are never added together.
 */
export function publicSupportFigures(
  rows: { funds: readonly FundRow[]; policies: readonly PolicyRow[]; completed: readonly CompletedRow[] },
  scopes: { funds: RowScope; awards: RowScope },
): PublicSupportFigures {
  const funds = rows.funds
    .filter((row) => inScope(scopes.funds, row.fundId))
    .sort((a, b) => compare(a.fundId, b.fundId) || compare(a.currency, b.currency));
  const policies = rows.policies
    .filter((row) => inScope(scopes.awards, row.policy))
    .sort((a, b) => compare(a.policy, b.policy) || compare(a.currency, b.currency));
  const totals = new Map<string, SupportTotals>();
  const totalsOf = (currency: string): SupportTotals => {
    const found = totals.get(currency);
    if (found !== undefined) return found;
    const fresh: SupportTotals = {
      currency,
      fundInvestedMinor: 0n,
      awardsNetPaidMinor: 0n,
      publicMoneyMinor: 0n,
      completedMinor: 0n,
      publicShareBasisPoints: null,
    };
    totals.set(currency, fresh);
    return fresh;
  };
  for (const row of funds) totalsOf(row.currency).fundInvestedMinor += row.investedMinor;
  for (const row of policies) totalsOf(row.currency).awardsNetPaidMinor += row.paidMinor - row.recapturedMinor;
  for (const row of rows.completed) totalsOf(row.currency).completedMinor += row.completedMinor;
  for (const sums of totals.values()) {
    sums.publicMoneyMinor = sums.fundInvestedMinor + sums.awardsNetPaidMinor;
    sums.publicShareBasisPoints =
      sums.completedMinor > 0n ? (sums.publicMoneyMinor * 10_000n) / sums.completedMinor : null;
  }
  return {
    funds,
    policies,
    totals: [...totals.values()].sort((a, b) => compare(a.currency, b.currency)),
    fundsWithheld: scopes.funds.kind !== 'all',
    awardsWithheld: scopes.awards.kind !== 'all',
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
