import { ApiProperty } from '@nestjs/swagger';
import {
  type AwardFiguresJson,
  type GetAwardsReportResponseJson,
  type GetBudgetReportResponseJson,
  type GetCapsReportResponseJson,
} from '@parkledger/contracts';
import { MoneyView, moneyView } from '../http/views';

export class AwardCountsView {
  @ApiProperty({ example: 7, description: 'every award: submitted + granted + rejected + revoked' }) cases!: number;
  @ApiProperty({ example: 1, description: 'submitted, not yet decided' }) submitted!: number;
  @ApiProperty({ example: 3, description: 'standing granted, paid or not' }) granted!: number;
  @ApiProperty({ example: 2, description: 'of those granted, paid' }) paid!: number;
  @ApiProperty({ example: 2 }) rejected!: number;
  @ApiProperty({ example: 1, description: 'granted, then withdrawn before payment' }) revoked!: number;
  @ApiProperty({ example: 2, description: 'of those paid, recaptured in part or in full' }) recaptured!: number;
}

export class AwardAmountsView {
  @ApiProperty({ type: MoneyView, description: 'granted to the awards standing, as granted' }) granted!: MoneyView;
  @ApiProperty({ type: MoneyView }) paid!: MoneyView;
  @ApiProperty({ type: MoneyView }) recaptured!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what revocations withdrew' }) revoked!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'granted − recaptured: what the awards standing hold of the caps and the budget',
  })
  net!: MoneyView;
}

export class AwardFiguresView {
  @ApiProperty({ example: 'CNY', description: 'the currency of the amounts' }) currency!: string;
  @ApiProperty({ type: AwardCountsView, description: 'awards by status as each stands now' }) count!: AwardCountsView;
  @ApiProperty({ type: AwardAmountsView }) amount!: AwardAmountsView;
}

export class ItemAwardFiguresView extends AwardFiguresView {
  @ApiProperty({ example: '3' }) item!: string;
}

export class EnterpriseAwardFiguresView extends AwardFiguresView {
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
}

export class AwardsReportView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 2021,
    description: 'the year of award dates; null: every year',
  })
  year!: number | null;
  @ApiProperty({
    enum: ['all', 'parks'],
    description:
      'all: every award of the policy; parks: only those of enterprises settled, on the award date, in the caller’s parks',
  })
  scope!: string;
  @ApiProperty({ type: [AwardFiguresView], description: 'one per currency (one, unless a version changed it)' })
  totals!: AwardFiguresView[];
  @ApiProperty({ type: [ItemAwardFiguresView], description: 'in the policy’s numbering' })
  byItem!: ItemAwardFiguresView[];
  @ApiProperty({ type: [EnterpriseAwardFiguresView], description: 'by enterprise id' })
  byEnterprise!: EnterpriseAwardFiguresView[];
}

export class CapView {
  @ApiProperty({ example: '2a' }) item!: string;
  @ApiProperty({
    type: [String],
    example: ['enterprise', 'year'],
    description: 'the cap’s key, as the policy states it',
  })
  per!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { year: '2021' },
    description: 'the key’s values besides the enterprise: {} for a cap per enterprise in total',
  })
  key!: Record<string, string>;
  @ApiProperty({ type: MoneyView }) bound!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what the awards standing use of it: granted less recaptured' })
  used!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'bound − used, never below 0' }) remaining!: MoneyView;
}

export class CapsReportView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty({ example: 2021 }) year!: number;
  @ApiProperty({ example: 1, description: 'the version in force on 31 December of the year, whose caps these are' })
  policyVersion!: number;
  @ApiProperty({
    type: [CapView],
    description:
      'each money cap kept per enterprise, in the policy’s numbering: per year (for the year), in total, and per a fact of the item (a project) for each value the enterprise’s awards use; any other value has all of it left',
  })
  caps!: CapView[];
}

export class BudgetYearView {
  @ApiProperty({ example: 2021 }) year!: number;
  @ApiProperty({ example: 1, description: 'the version in force on 31 December of the year, whose budget this is' })
  policyVersion!: number;
  @ApiProperty({ type: MoneyView }) budget!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what the awards standing of the year use: granted less recaptured' })
  used!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'budget − used, never below 0' }) remaining!: MoneyView;
}

export class BudgetReportView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({
    type: [BudgetYearView],
    description: 'from the first version’s effective year to this year (or the last year used, if later)',
  })
  years!: BudgetYearView[];
}

export const awardFiguresView = (figures: AwardFiguresJson | undefined): AwardFiguresView => ({
  currency: figures?.currency ?? '',
  count: {
    cases: Number(figures?.cases ?? 0),
    submitted: Number(figures?.submitted ?? 0),
    granted: Number(figures?.granted ?? 0),
    paid: Number(figures?.paid ?? 0),
    rejected: Number(figures?.rejected ?? 0),
    revoked: Number(figures?.revoked ?? 0),
    recaptured: Number(figures?.recaptured ?? 0),
  },
  amount: {
    granted: moneyView(figures?.grantedAmount),
    paid: moneyView(figures?.paidAmount),
    recaptured: moneyView(figures?.recapturedAmount),
    revoked: moneyView(figures?.revokedAmount),
    net: moneyView(figures?.netAmount),
  },
});

export const awardsReportView = (report: GetAwardsReportResponseJson): AwardsReportView => ({
  policy: report.policy ?? '',
  year: Number(report.year ?? 0) === 0 ? null : Number(report.year),
  scope: report.scope ?? '',
  totals: (report.totals ?? []).map(awardFiguresView),
  byItem: (report.byItem ?? []).map((i) => ({ item: i.item ?? '', ...awardFiguresView(i.figures) })),
  byEnterprise: (report.byEnterprise ?? []).map((e) => ({
    enterpriseId: e.enterpriseId ?? '',
    ...awardFiguresView(e.figures),
  })),
});

export const capsReportView = (report: GetCapsReportResponseJson): CapsReportView => ({
  policy: report.policy ?? '',
  enterpriseId: report.enterpriseId ?? '',
  year: Number(report.year ?? 0),
  policyVersion: Number(report.policyVersion ?? 0),
  caps: (report.caps ?? []).map((cap) => ({
    item: cap.item ?? '',
    per: cap.per ?? [],
    key: cap.key ?? {},
    bound: moneyView(cap.bound),
    used: moneyView(cap.used),
    remaining: moneyView(cap.remaining),
  })),
});

export const budgetReportView = (report: GetBudgetReportResponseJson): BudgetReportView => ({
  policy: report.policy ?? '',
  years: (report.years ?? []).map((y) => ({
    year: Number(y.year ?? 0),
    policyVersion: Number(y.policyVersion ?? 0),
    budget: moneyView(y.budget),
    used: moneyView(y.used),
    remaining: moneyView(y.remaining),
  })),
});
