import { type ExportCell, type ExportTable } from '../exports/export-table';
import { type ProjectsQuery, type StatisticsQuery } from './project.dto';
import { type ParkStatisticsView, type ProjectView } from './project.views';

/**
 * A park's statistics as one row per figure: the period, the date stages are evaluated on, the
 * instant the figures were read, then the figure, its key (a stage) and its value with its
 * currency when it is money. Counts are integers; money is exact decimal text.
 */
export function parkStatisticsTable(view: ParkStatisticsView, query: StatisticsQuery, knownAt: string): ExportTable {
  const asOf = query.asOf ?? query.to;
  const line = (figure: string, key: string, value: ExportCell, currency: string): ExportCell[] => [
    view.parkId,
    query.from,
    query.to,
    asOf,
    knownAt,
    figure,
    key,
    value,
    currency,
  ];
  const rows: ExportCell[][] = [line('signedCount', '', view.signedCount, '')];
  for (const [stage, count] of Object.entries(view.projectsByStage))
    rows.push(line('projectsByStage', stage, count, ''));
  for (const totals of view.totals) {
    rows.push(line('signedCount', '', totals.signedCount, totals.currency));
    rows.push(line('signedPlannedInvestment', '', totals.signedPlannedInvestment, totals.currency));
    rows.push(line('plannedInvestmentOfSigned', '', totals.plannedInvestmentOfSigned, totals.currency));
    rows.push(line('completedInvestment', '', totals.completedInvestment, totals.currency));
    rows.push(line('completedSharePercent', '', totals.completedSharePercent, totals.currency));
  }
  for (const id of view.stalledProjectIds) rows.push(line('stalledProject', id, null, ''));
  return {
    name: 'park statistics',
    columns: ['parkId', 'from', 'to', 'asOf', 'knownAt', 'figure', 'key', 'value', 'currency'],
    rows,
  };
}

/** Projects one a row, every page the caller may read, with the filter's signing period and the instant they were read. */
export function projectsTable(projects: readonly ProjectView[], query: ProjectsQuery, knownAt: string): ExportTable {
  return {
    name: 'projects',
    columns: [
      'signedFrom',
      'signedTo',
      'knownAt',
      'projectId',
      'parkId',
      'enterpriseId',
      'nameZh',
      'nameEn',
      'industryField',
      'stage',
      'signedOn',
      'plannedInvestment',
      'completedInvestment',
      'currency',
      'completedAsOf',
      'overPlan',
    ],
    rows: projects.map((p) => [
      query.signedFrom ?? null,
      query.signedTo ?? null,
      knownAt,
      p.id,
      p.parkId,
      p.enterpriseId,
      p.nameZh,
      p.nameEn,
      p.industryField,
      p.stage,
      p.stageDates['SIGNED'] ?? null,
      p.plannedInvestment,
      p.completedInvestment,
      p.plannedInvestment.currency,
      p.completedAsOf,
      p.overPlan ? 'yes' : 'no',
    ]),
  };
}
