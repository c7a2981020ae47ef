/** A version of a policy as the budget report reads it. */
export interface VersionBudget {
  version: number;
  effectiveFrom: string;
  currency: string;
  budgetPerYear: bigint;
}

export interface BudgetYear {
  year: number;
  /** the version in force on 31 December of the year, whose budget this is */
  policyVersion: number;
  currency: string;
  budget: bigint;
  /** what the awards standing with an award date in the year use of it: granted less recaptured */
  used: bigint;
  /** the budget less used, never below 0 */
  remaining: bigint;
}

/**
 * The version in force on a date, as PoliciesRepository.inForce picks it: of those effective by
 * then, the latest effective date, and of two on one date the later published (the higher version).
 */
export function versionInForce<T extends { version: number; effectiveFrom: string }>(
  versions: readonly T[],
  on: string,
): T | undefined {
  let found: T | undefined;
  for (const version of versions) {
    if (version.effectiveFrom > on) continue;
    if (
      found === undefined ||
      version.effectiveFrom > found.effectiveFrom ||
      (version.effectiveFrom === found.effectiveFrom && version.version > found.version)
    ) {
      found = version;
    }
  }
  return found;
}

/**
 * The budget of each calendar year from the first version's effective year to the latest of this
 * year, that one and the last year any award used the budget: the budget of the version in force at the
 * year's end, what the awards standing of the year use of it, and what is left.
 */
export function budgetYears(
  versions: readonly VersionBudget[],
  used: ReadonlyMap<number, bigint>,
  thisYear: number,
): BudgetYear[] {
  const first = Math.min(...versions.map((v) => Number(v.effectiveFrom.slice(0, 4))));
  const last = Math.max(thisYear, first, ...used.keys());
  const years: BudgetYear[] = [];
  for (let year = first; year <= last; year += 1) {
    const version = versionInForce(versions, `${String(year).padStart(4, '0')}-12-31`);
    if (version === undefined) continue;
    const spent = used.get(year) ?? 0n;
    years.push({
      year,
      policyVersion: version.version,
      currency: version.currency,
      budget: version.budgetPerYear,
      used: spent,
      remaining: version.budgetPerYear > spent ? version.budgetPerYear - spent : 0n,
    });
  }
  return years;
}
