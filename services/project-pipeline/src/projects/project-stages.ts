import { ErrorKind } from '@parkledger/platform';
import { ProjectError, ProjectErrorCode } from './project.errors';

export const STAGES = ['LEAD', 'NEGOTIATING', 'SIGNED', 'UNDER_CONSTRUCTION', 'IN_OPERATION', 'TERMINATED'] as const;
export type Stage = (typeof STAGES)[number];

/** The forward order; TERMINATED stands outside it. */
const ORDER: readonly Stage[] = ['LEAD', 'NEGOTIATING', 'SIGNED', 'UNDER_CONSTRUCTION', 'IN_OPERATION'];

/** A project's stage and the date each stage it reached took effect (ISO dates). */
export interface StageHistory {
  stage: Stage;
  dates: Partial<Record<Stage, string>>;
}

/**
 * Stages only move forward (a stage may be skipped: a project can be logged when already signed);
 * TERMINATED is reachable from any stage before operation. A move's date can't precede the date of
 * the stage it leaves. Returns the history after the move.
 */
export function advance(history: StageHistory, to: Stage, on: string): StageHistory {
  const from = history.stage;
  if (from === 'TERMINATED' || from === 'IN_OPERATION') {
    throw new ProjectError(
      ProjectErrorCode.IllegalTransition,
      ErrorKind.Conflict,
      `a project ${from === 'TERMINATED' ? 'that is terminated' : 'in operation'} cannot move to ${to}: ${from} is final`,
    );
  }
  if (to !== 'TERMINATED' && ORDER.indexOf(to) <= ORDER.indexOf(from)) {
    throw new ProjectError(
      ProjectErrorCode.IllegalTransition,
      ErrorKind.Conflict,
      `a project moves only forward: ${from} cannot move to ${to}`,
    );
  }
  const since = history.dates[from];
  if (since !== undefined && on < since) {
    throw new ProjectError(
      ProjectErrorCode.DateOutOfOrder,
      ErrorKind.Invalid,
      `${to} on ${on} would come before ${from} on ${since}`,
      [{ field: 'effectiveOn', rule: 'not-before-previous-stage', message: `on or after ${since} (${from})` }],
    );
  }
  return { stage: to, dates: { ...history.dates, [to]: on } };
}

/**
 * The stage a project had on a date, from its stage dates: the last stage reached on or before it
 * (dates never go backwards along the stages); undefined before the project was logged.
 */
export function stageOn(dates: Partial<Record<Stage, string>>, date: string): Stage | undefined {
  let reached: Stage | undefined;
  for (const stage of STAGES) {
    const since = dates[stage];
    if (since !== undefined && since <= date) reached = stage;
  }
  return reached;
}

export const isSigned = (stage: Stage): boolean =>
  stage === 'SIGNED' || stage === 'UNDER_CONSTRUCTION' || stage === 'IN_OPERATION';
