import { type ProjectJson } from '@parkledger/contracts';
import { type StageHistory, type Stage } from './project-stages';
import { type ProjectRow } from './projects.repository';

const STAGE_COLUMNS: Record<Exclude<Stage, never>, keyof ProjectRow> = {
  LEAD: 'lead_on',
  NEGOTIATING: 'negotiating_on',
  SIGNED: 'signed_on',
  UNDER_CONSTRUCTION: 'construction_started_on',
  IN_OPERATION: 'operation_started_on',
  TERMINATED: 'terminated_on',
};

export function historyOf(row: ProjectRow): StageHistory {
  const dates: StageHistory['dates'] = {};
  for (const [stage, column] of Object.entries(STAGE_COLUMNS) as [Stage, keyof ProjectRow][]) {
    const value = row[column];
    if (typeof value === 'string') dates[stage] = value;
  }
  return { stage: row.stage as Stage, dates };
}

export function withHistory(row: ProjectRow, history: StageHistory): ProjectRow {
  const next: ProjectRow = { ...row, stage: history.stage };
  for (const [stage, column] of Object.entries(STAGE_COLUMNS) as [Stage, keyof ProjectRow][]) {
    (next as unknown as Record<string, unknown>)[column] = history.dates[stage] ?? null;
  }
  return next;
}

const money = (minor: string, currency: string) => ({ minorUnits: minor, currency });

export function projectJson(row: ProjectRow): ProjectJson {
  return {
    id: row.id,
    parkId: row.park_id,
    enterpriseId: row.enterprise_id,
    industryField: row.industry_field,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    plannedInvestment: money(row.planned_minor, row.currency),
    stage: row.stage,
    leadOn: row.lead_on ?? '',
    negotiatingOn: row.negotiating_on ?? '',
    signedOn: row.signed_on ?? '',
    constructionStartedOn: row.construction_started_on ?? '',
    operationStartedOn: row.operation_started_on ?? '',
    terminatedOn: row.terminated_on ?? '',
    completedInvestment: money(row.completed_minor, row.currency),
    completedAsOf: row.completed_as_of ?? '',
    overPlan: row.over_plan,
    version: row.version,
  };
}

/** For events: money as bigint. */
export function projectMessage(row: ProjectRow) {
  const json = projectJson(row);
  return {
    ...json,
    plannedInvestment: { minorUnits: BigInt(row.planned_minor), currency: row.currency },
    completedInvestment: { minorUnits: BigInt(row.completed_minor), currency: row.currency },
    version: BigInt(row.version),
  };
}
