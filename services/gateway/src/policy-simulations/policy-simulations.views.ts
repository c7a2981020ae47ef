import { ApiProperty } from '@nestjs/swagger';
import { type SimulatedFiguresJson, type SimulatePolicyResponseJson } from '@parkledger/contracts';
import { MoneyView, moneyView, orNull } from '../http/views';

export class SimulatedFiguresView {
  @ApiProperty({ type: MoneyView, description: 'what stands granted: granted less recaptured' }) actual!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what the draft grants, less what was recaptured' })
  simulated!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'simulated − actual' }) difference!: MoneyView;
  @ApiProperty({ example: 2, description: 'cases standing granted' }) actualAwards!: number;
  @ApiProperty({ example: 2, description: 'cases the draft grants' }) simulatedAwards!: number;
}

export class ItemSimulationView extends SimulatedFiguresView {
  @ApiProperty({ example: '3' }) item!: string;
}

export class EnterpriseSimulationView extends SimulatedFiguresView {
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
}

export class BudgetYearSimulationView {
  @ApiProperty({ example: 2021 }) year!: number;
  @ApiProperty({ type: MoneyView, description: 'the draft’s budget for the year' }) budget!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'the awards standing of the year: those before the period as they stand, the period’s as granted',
  })
  actualUsed!: MoneyView;
  @ApiProperty({ type: MoneyView }) simulatedUsed!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'simulatedUsed − actualUsed' }) difference!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'budget − simulatedUsed' }) simulatedRemaining!: MoneyView;
}

export class SimulationCountsView {
  @ApiProperty({ description: 'every case replayed: recorded ones and those only the draft’s triggers give' })
  cases!: number;
  @ApiProperty({ description: 'evaluated under the draft' }) evaluated!: number;
  @ApiProperty({ description: 'submitted and undecided: left out of both sides' }) pending!: number;
  @ApiProperty({ description: 'revoked: standing in neither' }) revoked!: number;
  @ApiProperty({ description: 'rejected by a reviewer although the policy gave something: kept rejected' })
  reviewerRejected!: number;
  @ApiProperty({ description: 'given only by the draft’s triggers, from the milestones recorded' })
  newCases!: number;
  @ApiProperty({ description: 'whose amount the draft changes' }) changed!: number;
}

export class SimulatedCaseView {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'null for a case only the draft’s triggers give',
  })
  awardId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the milestone that gave it' })
  milestoneId!: string | null;
  @ApiProperty({ example: '3' }) item!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty({ format: 'date' }) awardOn!: string;
  @ApiProperty({
    nullable: true,
    enum: ['submitted', 'granted', 'rejected', 'paid', 'revoked'],
    description: 'as recorded; null for a case only the draft’s triggers give',
  })
  actualStatus!: string | null;
  @ApiProperty({ type: MoneyView }) actual!: MoneyView;
  @ApiProperty({ enum: ['full', 'cut', 'refused'] }) simulatedOutcome!: string;
  @ApiProperty({ type: MoneyView }) simulated!: MoneyView;
  @ApiProperty({ type: MoneyView }) difference!: MoneyView;
  @ApiProperty({ nullable: true, type: String, description: 'why the draft cut or refused it' })
  reason!: string | null;
}

export class SimulationView {
  @ApiProperty({ example: 'jinan-2019-biomedical', description: 'the policy whose cases were replayed' })
  policy!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'the version re-run; null for a draft' })
  policyVersion!: number | null;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ type: SimulatedFiguresView }) total!: SimulatedFiguresView;
  @ApiProperty({
    type: [ItemSimulationView],
    description: 'in the draft’s numbering, then items only recorded cases have',
  })
  byItem!: ItemSimulationView[];
  @ApiProperty({ type: [EnterpriseSimulationView], description: 'by enterprise id' })
  byEnterprise!: EnterpriseSimulationView[];
  @ApiProperty({ type: [BudgetYearSimulationView], description: 'each calendar year of the period' })
  budget!: BudgetYearSimulationView[];
  @ApiProperty({ type: SimulationCountsView }) counts!: SimulationCountsView;
  @ApiProperty({
    type: [SimulatedCaseView],
    description: 'the cases whose amount the draft changes, in replay order, at most 200 (counts.changed has them all)',
  })
  changed!: SimulatedCaseView[];
}

const figuresView = (figures: SimulatedFiguresJson | undefined): SimulatedFiguresView => ({
  actual: moneyView(figures?.actual),
  simulated: moneyView(figures?.simulated),
  difference: moneyView(figures?.difference),
  actualAwards: Number(figures?.actualAwards ?? 0),
  simulatedAwards: Number(figures?.simulatedAwards ?? 0),
});

export const simulationView = (result: SimulatePolicyResponseJson): SimulationView => {
  const counts = result.counts;
  return {
    policy: result.policy ?? '',
    policyVersion: Number(result.policyVersion ?? 0) === 0 ? null : Number(result.policyVersion),
    from: result.from ?? '',
    to: result.to ?? '',
    currency: result.currency ?? '',
    total: figuresView(result.total),
    byItem: (result.byItem ?? []).map((i) => ({ item: i.item ?? '', ...figuresView(i.figures) })),
    byEnterprise: (result.byEnterprise ?? []).map((e) => ({
      enterpriseId: e.enterpriseId ?? '',
      ...figuresView(e.figures),
    })),
    budget: (result.budget ?? []).map((y) => ({
      year: Number(y.year ?? 0),
      budget: moneyView(y.budget),
      actualUsed: moneyView(y.actualUsed),
      simulatedUsed: moneyView(y.simulatedUsed),
      difference: moneyView(y.difference),
      simulatedRemaining: moneyView(y.simulatedRemaining),
    })),
    counts: {
      cases: Number(counts?.cases ?? 0),
      evaluated: Number(counts?.evaluated ?? 0),
      pending: Number(counts?.pending ?? 0),
      revoked: Number(counts?.revoked ?? 0),
      reviewerRejected: Number(counts?.reviewerRejected ?? 0),
      newCases: Number(counts?.newCases ?? 0),
      changed: Number(counts?.changed ?? 0),
    },
    changed: (result.changed ?? []).map((c) => ({
      awardId: orNull(c.awardId),
      milestoneId: orNull(c.milestoneId),
      item: c.item ?? '',
      enterpriseId: c.enterpriseId ?? '',
      awardOn: c.awardOn ?? '',
      actualStatus: orNull(c.actualStatus),
      actual: moneyView(c.actual),
      simulatedOutcome: c.simulatedOutcome ?? '',
      simulated: moneyView(c.simulated),
      difference: moneyView(c.difference),
      reason: orNull(c.reason),
    })),
  };
};
