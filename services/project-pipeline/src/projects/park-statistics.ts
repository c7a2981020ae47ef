import { isSigned, STAGES, type Stage } from './project-stages';

export interface ProjectFacts {
  id: string;
  stage: Stage;
  signedOn: string | null;
  constructionStartedOn: string | null;
  /** the plan when first signed; null until signed */
  signedPlannedMinor: bigint | null;
  /** the current plan */
  plannedMinor: bigint;
  completedMinor: bigint;
}

export interface AmendmentFacts {
  projectId: string;
  effectiveOn: string;
  deltaMinor: bigint;
  /** made after the project was first signed */
  afterSigning: boolean;
}

export interface Period {
  from: string;
  to: string;
}

export interface ParkStatistics {
  signedCount: number;
  signedPlannedMinor: bigint;
  projectsByStage: Record<Stage, number>;
  completedMinor: bigint;
  plannedOfSignedMinor: bigint;
  completedShareBasisPoints: number;
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
 */
export function parkStatistics(
  projects: readonly ProjectFacts[],
  amendments: readonly AmendmentFacts[],
  period: Period,
  asOf: string,
  stalledAfterMonths: number,
): ParkStatistics {
  const signedInPeriod = projects.filter((p) => within(p.signedOn, period));
  const increments = amendments
    .filter((a) => a.afterSigning && within(a.effectiveOn, period))
    .reduce((sum, a) => sum + a.deltaMinor, 0n);
  const signedNow = projects.filter((p) => isSigned(p.stage));
  const completed = signedNow.reduce((sum, p) => sum + p.completedMinor, 0n);
  const planned = signedNow.reduce((sum, p) => sum + p.plannedMinor, 0n);
  const byStage = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const project of projects) byStage[project.stage] += 1;
  return {
    signedCount: signedInPeriod.length,
    signedPlannedMinor: signedInPeriod.reduce((sum, p) => sum + (p.signedPlannedMinor ?? 0n), 0n) + increments,
    projectsByStage: byStage,
    completedMinor: completed,
    plannedOfSignedMinor: planned,
    completedShareBasisPoints: planned === 0n ? 0 : Number((completed * 10_000n) / planned),
    stalledProjectIds: projects
      .filter((p) => p.stage === 'SIGNED' && p.signedOn !== null && addMonths(p.signedOn, stalledAfterMonths) <= asOf)
      .map((p) => p.id),
  };
}
