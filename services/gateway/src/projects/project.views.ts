import { ApiProperty } from '@nestjs/swagger';
import { type GetParkStatisticsResponseJson, type ProjectJson } from '@parkledger/contracts';
import { moneyView, MoneyView, orNull } from '../http/views';

export class ProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) parkId!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty() industryField!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: MoneyView }) plannedInvestment!: MoneyView;
  @ApiProperty({ example: 'SIGNED' }) stage!: string;
  @ApiProperty({ description: 'the effective date of each stage reached', example: { SIGNED: '2022-02-18' } })
  stageDates!: Record<string, string>;
  @ApiProperty({ type: MoneyView }) completedInvestment!: MoneyView;
  @ApiProperty({ nullable: true, type: String }) completedAsOf!: string | null;
  @ApiProperty({ description: 'the completed investment exceeds the plan' }) overPlan!: boolean;
  @ApiProperty() version!: number;
}

export class ProjectPage {
  @ApiProperty({ type: [ProjectView] }) items!: ProjectView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CurrencyTotalsView {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ description: 'projects in this currency first signed in the period' }) signedCount!: number;
  @ApiProperty({ type: MoneyView, description: 'their plans at signing, plus later increments in the period' })
  signedPlannedInvestment!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'of the projects signed on asOf' }) completedInvestment!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'current plans of the projects signed on asOf' })
  plannedInvestmentOfSigned!: MoneyView;
  @ApiProperty({ example: '34.28', description: 'completed / planned of signed projects, percent' })
  completedSharePercent!: string;
}

export class ParkStatisticsView {
  @ApiProperty({ format: 'uuid' }) parkId!: string;
  @ApiProperty({ description: 'projects first signed in the period, in every currency' }) signedCount!: number;
  @ApiProperty({ example: { SIGNED: 3 }, description: 'each project at the stage it had on asOf' })
  projectsByStage!: Record<string, number>;
  @ApiProperty({ type: [String] }) stalledProjectIds!: string[];
  @ApiProperty({
    type: [CurrencyTotalsView],
    description: 'the sums, one entry per currency of the projects (never added across currencies)',
  })
  totals!: CurrencyTotalsView[];
}

export function projectView(project: ProjectJson | undefined): ProjectView {
  const dates: Record<string, string> = {};
  const stages: [string, string | undefined][] = [
    ['LEAD', project?.leadOn],
    ['NEGOTIATING', project?.negotiatingOn],
    ['SIGNED', project?.signedOn],
    ['UNDER_CONSTRUCTION', project?.constructionStartedOn],
    ['IN_OPERATION', project?.operationStartedOn],
    ['TERMINATED', project?.terminatedOn],
  ];
  for (const [stage, date] of stages) if (date !== undefined && date !== '') dates[stage] = date;
  return {
    id: project?.id ?? '',
    parkId: project?.parkId ?? '',
    enterpriseId: project?.enterpriseId ?? '',
    industryField: project?.industryField ?? '',
    nameZh: project?.nameZh ?? '',
    nameEn: project?.nameEn ?? '',
    plannedInvestment: moneyView(project?.plannedInvestment),
    stage: project?.stage ?? '',
    stageDates: dates,
    completedInvestment: moneyView(project?.completedInvestment),
    completedAsOf: orNull(project?.completedAsOf),
    overPlan: project?.overPlan ?? false,
    version: Number(project?.version ?? 0),
  };
}

export function statisticsView(stats: GetParkStatisticsResponseJson): ParkStatisticsView {
  return {
    parkId: stats.parkId ?? '',
    signedCount: Number(stats.signedCount ?? 0),
    projectsByStage: Object.fromEntries(
      (stats.projectsByStage ?? []).map((s) => [s.stage ?? '', Number(s.count ?? 0)]),
    ),
    stalledProjectIds: stats.stalledProjectIds ?? [],
    totals: (stats.totals ?? []).map((t) => {
      const bp = Number(t.completedShareBasisPoints ?? 0);
      return {
        currency: t.currency ?? '',
        signedCount: Number(t.signedCount ?? 0),
        signedPlannedInvestment: moneyView(t.signedPlannedInvestment),
        completedInvestment: moneyView(t.completedInvestment),
        plannedInvestmentOfSigned: moneyView(t.plannedInvestmentOfSigned),
        completedSharePercent: `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`,
      };
    }),
  };
}
