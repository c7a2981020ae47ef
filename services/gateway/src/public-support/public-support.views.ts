import { ApiProperty } from '@nestjs/swagger';
import {
  type GetParkPublicSupportResponseJson,
  type GetProjectPublicSupportResponseJson,
  type PublicSupportJson,
} from '@parkledger/contracts';
import { MoneyView, moneyView, orNull } from '../http/views';

export class FundSupportView {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({
    type: MoneyView,
    description:
      'the cost of the fund’s investments in the project(s), less those reversed; exits and write-offs don’t change it',
  })
  invested!: MoneyView;
  @ApiProperty({ description: 'the investments counted' }) investments!: number;
}

export class PolicySupportView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({ type: MoneyView, description: 'paid by the policy’s awards naming the project(s)' }) paid!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'clawed back after payment' }) recaptured!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'paid − recaptured' }) netPaid!: MoneyView;
  @ApiProperty({ description: 'the awards counted' }) awards!: number;
}

export class PublicSupportTotalsView {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ type: MoneyView, description: 'the fund rows shown' }) fundInvested!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'the net paid of the policy rows shown' }) awardsNetPaid!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'fundInvested + awardsNetPaid' }) publicMoney!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'the projects’ completed investment in this currency' })
  completedInvestment!: MoneyView;
  @ApiProperty({
    example: '27.50',
    nullable: true,
    type: String,
    description:
      'publicMoney / completedInvestment, percent, rounded down to 0.01 (basis points); null when nothing is completed',
  })
  publicSharePercent!: string | null;
}

/** The rows the caller may read and their sums; what it may not is left out and said to be. */
export class PublicSupportView {
  @ApiProperty({ type: [FundSupportView], description: 'one per fund and currency' }) funds!: FundSupportView[];
  @ApiProperty({ type: [PolicySupportView], description: 'one per policy and currency' })
  policies!: PolicySupportView[];
  @ApiProperty({
    type: [PublicSupportTotalsView],
    description:
      'one per currency of the rows and of the projects (never added across currencies): sums of the rows shown only',
  })
  totals!: PublicSupportTotalsView[];
  @ApiProperty({
    description:
      'fund rows the caller may not read are left out (a fund manager reads its funds’, park managers and policy officers none), so fund money may be more than shown; it never says whether such a row exists',
  })
  fundsWithheld!: boolean;
  @ApiProperty({
    description: 'the same for award rows (a policy officer reads its policies’, a fund manager none)',
  })
  awardsWithheld!: boolean;
}

export class ProjectPublicSupportView extends PublicSupportView {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) parkId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'null: everything known' })
  asOf!: string | null;
  @ApiProperty({ example: 'CNY', description: 'the project’s currency' }) currency!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'the date of the investment report counted; null when none is',
  })
  completedAsOf!: string | null;
}

export class ParkPublicSupportView extends PublicSupportView {
  @ApiProperty({ format: 'uuid' }) parkId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'null: everything known' })
  asOf!: string | null;
  @ApiProperty({ description: 'the projects of the park and its subtree, every stage' }) projectCount!: number;
}

const percent = (basisPoints: string | undefined): string | null => {
  if (basisPoints === undefined) return null;
  const bp = BigInt(basisPoints);
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}`;
};

export const publicSupportView = (support: PublicSupportJson | undefined): PublicSupportView => ({
  funds: (support?.funds ?? []).map((f) => ({
    fundId: f.fundId ?? '',
    invested: moneyView(f.invested),
    investments: Number(f.investments ?? 0),
  })),
  policies: (support?.policies ?? []).map((p) => ({
    policy: p.policy ?? '',
    paid: moneyView(p.paid),
    recaptured: moneyView(p.recaptured),
    netPaid: moneyView(p.netPaid),
    awards: Number(p.awards ?? 0),
  })),
  totals: (support?.totals ?? []).map((t) => ({
    currency: t.currency ?? '',
    fundInvested: moneyView(t.fundInvested),
    awardsNetPaid: moneyView(t.awardsNetPaid),
    publicMoney: moneyView(t.publicMoney),
    completedInvestment: moneyView(t.completedInvestment),
    publicSharePercent: percent(t.publicShareBasisPoints),
  })),
  fundsWithheld: support?.fundsWithheld ?? false,
  awardsWithheld: support?.awardsWithheld ?? false,
});

export const projectPublicSupportView = (response: GetProjectPublicSupportResponseJson): ProjectPublicSupportView => ({
  projectId: response.projectId ?? '',
  parkId: response.parkId ?? '',
  asOf: orNull(response.asOf),
  currency: response.currency ?? '',
  completedAsOf: orNull(response.completedAsOf),
  ...publicSupportView(response.support),
});

export const parkPublicSupportView = (response: GetParkPublicSupportResponseJson): ParkPublicSupportView => ({
  parkId: response.parkId ?? '',
  asOf: orNull(response.asOf),
  projectCount: Number(response.projectCount ?? 0),
  ...publicSupportView(response.support),
});
