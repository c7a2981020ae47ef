import { isSigned, STAGES, stageOn, type Stage } from './project-stages';

export interface ProjectFacts {
  id: string;
  currency: string;
  /** the effective date of each stage the project reached (ISO dates) */
  dates: Partial<Record<Stage, string>>;
  /** the plan when first signed; null until signed */
  signedPlannedMinor: bigint | null;
  /** the current plan */
  plannedMinor: bigint;
  completedMinor: bigint;
}

export interface AmendmentFacts {
  projectId: string;
  /** the project's currency */
  currency: string;
  effectiveOn: string;
  deltaMinor: bigint;
  /** made after the project was first signed */
  afterSigning: boolean;
}

export interface Period {
  from: string;
  to: string;
}

/** The sums of one currency: amounts in different currencies are never added together. */
export interface CurrencyTotals {
  currency: string;
  signedCount: number;
  signedPlannedMinor: bigint;
  completedMinor: bigint;
  plannedOfSignedMinor: bigint;
  completedShareBasisPoints: number;
}

export interface ParkStatistics {
  signedCount: number;
  projectsByStage: Record<Stage, number>;
  /** one entry per currency of the park's projects, by currency code */
  totals: CurrencyTotals[];
  stalledProjectIds: string[];
}

const within = (date: string | null, period: Period): boolean =>
  date !== null && date >= period.from && date <= period.to;

/** The date `months` calendar months after an ISO date, clamped to the month's end. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Park statistics over a period. A project counts once, at its first signing, with its plan at that
 * moment; a later increase or decrease counts only by its delta, in the period it takes effect.
 * Stages are those each project had on `asOf`; completion is over the projects signed on `asOf`,
 * with their current plans and completed investment. Every sum is kept per currency.
 */
export function parkStatistics(
  projects: readonly ProjectFacts[],
  amendments: readonly AmendmentFacts[],
  period: Period,
  asOf: string,
  stalledAfterMonths: number,
): ParkStatistics {
  const byStage = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  const totals = new Map<string, CurrencyTotals>();
  const totalsOf = (currency: string): CurrencyTotals => {
    const found = totals.get(currency);
    if (found !== undefined) return found;
    const fresh = {
      currency,
      signedCount: 0,
      signedPlannedMinor: 0n,
      completedMinor: 0n,
      plannedOfSignedMinor: 0n,
      completedShareBasisPoints: 0,
    };
    totals.set(currency, fresh);
    return fresh;
  };
  const stalledProjectIds: string[] = [];
  let signedCount = 0;
  for (const project of projects) {
    const sums = totalsOf(project.currency);
    const signedOn = project.dates.SIGNED ?? null;
    if (within(signedOn, period)) {
      signedCount += 1;
      sums.signedCount += 1;
      sums.signedPlannedMinor += project.signedPlannedMinor ?? 0n;
    }
    const stage = stageOn(project.dates, asOf);
    if (stage === undefined) continue;
    byStage[stage] += 1;
    if (isSigned(stage)) {
      sums.completedMinor += project.completedMinor;
      sums.plannedOfSignedMinor += project.plannedMinor;
    }
    if (stage === 'SIGNED' && signedOn !== null && addMonths(signedOn, stalledAfterMonths) <= asOf)
      stalledProjectIds.push(project.id);
  }
  for (const amendment of amendments) {
    if (amendment.afterSigning && within(amendment.effectiveOn, period))
      totalsOf(amendment.currency).signedPlannedMinor += amendment.deltaMinor;
  }
  for (const sums of totals.values()) {
    sums.completedShareBasisPoints =
      sums.plannedOfSignedMinor === 0n ? 0 : Number((sums.completedMinor * 10_000n) / sums.plannedOfSignedMinor);
  }
  return {
    signedCount,
    projectsByStage: byStage,
    totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    stalledProjectIds,
  };
}
