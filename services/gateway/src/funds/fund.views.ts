import { ApiProperty } from '@nestjs/swagger';
import {
  type CapitalCallJson,
  type FundJson,
  type GetBalancesResponseJson,
  type GetCapitalAccountResponseJson,
  type GetFundFiguresResponseJson,
  type GetLookThroughResponseJson,
  type GetReinvestmentReportResponseJson,
  type InvestmentJson,
  type JournalEntryJson,
  type ListOverdueResponseJson,
  type PartnerAmountJson,
  type PartnerJson,
  type ReinvestmentRequirementJson,
} from '@parkledger/contracts';
import { moneyView, MoneyView, orNull } from '../http/views';

export class FundView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '菏泽市产业发展基金' }) nameZh!: string;
  @ApiProperty({ example: 'Heze Industrial Development Fund' }) nameEn!: string;
  @ApiProperty({ example: 'guidance' }) kind!: string;
  @ApiProperty({ example: 'CNY', description: 'every amount of the fund is in it' }) currency!: string;
  @ApiProperty() manager!: string;
  @ApiProperty({ example: '2021-06-30', format: 'date' }) vintageOn!: string;
  @ApiProperty({ type: [String], description: 'the roots of the park subtrees the fund serves' })
  regionParkIds!: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'the books are closed through this date; null while none is closed',
  })
  closedThrough!: string | null;
  @ApiProperty() version!: number;
}

export class FundPage {
  @ApiProperty({ type: [FundView] }) items!: FundView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

export class PartnerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: 'Yankuang Group' }) name!: string;
  @ApiProperty({ example: 'state-owned' }) kind!: string;
  @ApiProperty({ example: 'LP' }) role!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'for kind fund: the committing fund' })
  partnerFundId!: string | null;
  @ApiProperty({ type: MoneyView, description: 'as it stands, after raises and cuts' }) commitment!: MoneyView;
}

export class PartnerList {
  @ApiProperty({ type: [PartnerView] }) items!: PartnerView[];
}

export class PostingView {
  @ApiProperty({ example: 'unfunded:0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70' }) account!: string;
  @ApiProperty({ type: MoneyView, description: 'debit positive, credit negative' }) amount!: MoneyView;
}

export class JournalEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: '2022-03-01', format: 'date', description: 'the business date' }) effectiveOn!: string;
  @ApiProperty({ example: '2022-03-01T08:00:00.000Z', format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ example: 'call' }) operation!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'for a reversal: the entry it reverses' })
  reverses!: string | null;
  @ApiProperty() memo!: string;
  @ApiProperty({ type: [PostingView], description: 'they sum to zero' }) postings!: PostingView[];
}

export class JournalPage {
  @ApiProperty({ type: [JournalEntryView] }) items!: JournalEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class EntryResult {
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
}

export class ImportResult {
  @ApiProperty({ type: [String], description: 'the new entries’ ids, in the order given' }) entryIds!: string[];
}

export class ValuationResult {
  @ApiProperty({
    type: JournalEntryView,
    nullable: true,
    description: 'null when the fair value is what the books already carry: nothing to book',
  })
  entry!: JournalEntryView | null;
}

export class PartnerResult {
  @ApiProperty({ type: PartnerView }) partner!: PartnerView;
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
}

export class PartnerAmountView {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ type: MoneyView }) amount!: MoneyView;
}

export class CapitalCallView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: '2022-03-01', format: 'date' }) calledOn!: string;
  @ApiProperty({ example: '2022-03-31', format: 'date' }) dueOn!: string;
  @ApiProperty({ type: MoneyView }) amount!: MoneyView;
  @ApiProperty({ type: [PartnerAmountView], description: 'each partner’s part' }) shares!: PartnerAmountView[];
  @ApiProperty({ format: 'uuid' }) entryId!: string;
}

export class CapitalCallResult {
  @ApiProperty({ type: CapitalCallView }) call!: CapitalCallView;
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
}

export class OverdueContributionView {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ example: '2022-03-31', format: 'date' }) dueOn!: string;
  @ApiProperty({ type: MoneyView }) called!: MoneyView;
  @ApiProperty({ type: MoneyView }) received!: MoneyView;
  @ApiProperty({ type: MoneyView }) outstanding!: MoneyView;
}

export class OverdueView {
  @ApiProperty({ example: '2022-04-15', format: 'date' }) asOf!: string;
  @ApiProperty({ type: [OverdueContributionView], description: 'what partners still owe on calls past due' })
  overdue!: OverdueContributionView[];
}

export class InvestmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: 'project' }) targetKind!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ example: 'equity' }) form!: string;
  @ApiProperty({ example: '2022-05-10', format: 'date' }) madeOn!: string;
  @ApiProperty({ type: MoneyView }) cost!: MoneyView;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
}

export class InvestmentPage {
  @ApiProperty({ type: [InvestmentView] }) items!: InvestmentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class InvestmentResult {
  @ApiProperty({ type: InvestmentView }) investment!: InvestmentView;
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
}

export class ExitResult {
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
  @ApiProperty({ type: MoneyView, description: 'proceeds less the cost sold; negative for a loss' }) gain!: MoneyView;
}

export class DistributionResult {
  @ApiProperty({ type: [PartnerAmountView], description: 'what each partner got' }) shares!: PartnerAmountView[];
  @ApiProperty({ type: JournalEntryView }) entry!: JournalEntryView;
}

export class AccountBalanceView {
  @ApiProperty({ example: 'cash' }) account!: string;
  @ApiProperty({ type: MoneyView }) balance!: MoneyView;
}

export class BalancesView {
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'null: every entry' })
  asOf!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'null: as known now' })
  knownAt!: string | null;
  @ApiProperty({ type: [AccountBalanceView], description: 'every account with postings, 0 or not' })
  balances!: AccountBalanceView[];
}

export class FundFiguresView {
  @ApiProperty({ example: '2024-12-31', format: 'date' }) asOf!: string;
  @ApiProperty({ type: MoneyView }) committed!: MoneyView;
  @ApiProperty({ type: MoneyView }) called!: MoneyView;
  @ApiProperty({ type: MoneyView }) paidIn!: MoneyView;
  @ApiProperty({ type: MoneyView }) unfunded!: MoneyView;
  @ApiProperty({ type: 'integer' }) investmentsCount!: number;
  @ApiProperty({ type: MoneyView }) investedAtCost!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'of investedAtCost, in returnee-founded enterprises (directly, or through their projects)',
  })
  investedInReturneeFounded!: MoneyView;
  @ApiProperty({ nullable: true, type: String, example: '0.2436', description: 'null when nothing is invested' })
  returneeFoundedShare!: string | null;
  @ApiProperty({ type: MoneyView }) realisedProceeds!: MoneyView;
  @ApiProperty({ type: MoneyView }) writtenOff!: MoneyView;
  @ApiProperty({ type: MoneyView }) distributed!: MoneyView;
  @ApiProperty({ type: MoneyView }) fees!: MoneyView;
  @ApiProperty({ type: MoneyView }) nav!: MoneyView;
  @ApiProperty({ type: MoneyView }) cash!: MoneyView;
  @ApiProperty({ type: MoneyView }) remainingCapacity!: MoneyView;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0.4500',
    description: 'distributed / paid in, exact to 4 places; null while nothing is paid in',
  })
  dpi!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0.9000', description: 'NAV / paid in' }) rvpi!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1.3500', description: '(distributed + NAV) / paid in' })
  tvpi!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0.071200',
    description: 'the annual rate as a decimal fraction (0.0712 is 7.12%); null when none exists, with the reason',
  })
  netIrr!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'why there is no net IRR; null when there is',
  })
  netIrrNoneReason!: string | null;
}

export class CapitalAccountStatementView {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ example: 'Yankuang Group' }) partnerName!: string;
  @ApiProperty({ example: '2024-01-01', format: 'date', description: 'the period’s first day' }) from!: string;
  @ApiProperty({ example: '2024-12-31', format: 'date', description: 'the period’s last day' }) to!: string;
  @ApiProperty({ type: MoneyView, description: 'the capital account as of the day before from' })
  beginningBalance!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'the change of the partner’s paid-in capital' })
  contributions!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'minus what the partner was distributed in the period' })
  distributions!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'minus the change of its allocated share of the fund’s fees' })
  managementFees!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'the change of its allocated share of the gains less the losses (realised, unrealised, written off)',
  })
  gainsLosses!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'the capital account as of to: beginningBalance + the four movements',
  })
  endingBalance!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'as of to: paidIn + calledUnpaid + unfundedCommitment' })
  commitment!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'as of to' }) paidIn!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'as of to: called and not yet paid' }) calledUnpaid!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'as of to: not yet called' }) unfundedCommitment!: MoneyView;
}

export class LookThroughInvestmentView {
  @ApiProperty({ format: 'uuid' }) investmentId!: string;
  @ApiProperty({ example: 'project' }) targetKind!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ example: 'equity' }) form!: string;
  @ApiProperty({ type: MoneyView, description: 'the sub-fund’s remaining cost as of the date' })
  remainingCost!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'remainingCost × paidIn / totalPaidIn, rounded down or up by the largest remainder',
  })
  lookThrough!: MoneyView;
}

export class LookThroughSubFundView {
  @ApiProperty({ format: 'uuid' }) subFundId!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: [String], description: 'the mother fund’s partners in the sub-fund' }) partnerIds!: string[];
  @ApiProperty({ type: MoneyView, description: 'the mother fund’s paid-in capital in the sub-fund' })
  paidIn!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'every partner’s paid-in capital in the sub-fund' })
  totalPaidIn!: MoneyView;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0.250000',
    description: 'paidIn / totalPaidIn, exact to 6 places; null while nothing is paid in',
  })
  share!: string | null;
  @ApiProperty({ type: [LookThroughInvestmentView], description: 'the investments with a remaining cost' })
  investments!: LookThroughInvestmentView[];
  @ApiProperty({ type: MoneyView, description: 'the sum of the remaining costs' }) remainingCost!: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'remainingCost × paidIn / totalPaidIn, truncated; the investments’ lookThrough sum to it',
  })
  lookThrough!: MoneyView;
}

export class LookThroughView {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: '2024-12-31', format: 'date' }) asOf!: string;
  @ApiProperty({
    type: [LookThroughSubFundView],
    description: 'the sub-funds the fund had a commitment in as of the date; empty when it holds none',
  })
  subFunds!: LookThroughSubFundView[];
  @ApiProperty({ type: [MoneyView], description: 'the sub-funds’ lookThrough summed per currency' })
  totals!: MoneyView[];
}

export function fundView(fund: FundJson | undefined): FundView {
  return {
    id: fund?.id ?? '',
    nameZh: fund?.nameZh ?? '',
    nameEn: fund?.nameEn ?? '',
    kind: fund?.kind ?? '',
    currency: fund?.currency ?? '',
    manager: fund?.manager ?? '',
    vintageOn: fund?.vintageOn ?? '',
    regionParkIds: fund?.regionParkIds ?? [],
    closedThrough: orNull(fund?.closedThrough),
    version: Number(fund?.version ?? 0),
  };
}

export function partnerView(partner: PartnerJson | undefined): PartnerView {
  return {
    id: partner?.id ?? '',
    fundId: partner?.fundId ?? '',
    name: partner?.name ?? '',
    kind: partner?.kind ?? '',
    role: partner?.role ?? '',
    partnerFundId: orNull(partner?.partnerFundId),
    commitment: moneyView(partner?.commitment),
  };
}

export function entryView(entry: JournalEntryJson | undefined): JournalEntryView {
  return {
    id: entry?.id ?? '',
    fundId: entry?.fundId ?? '',
    effectiveOn: entry?.effectiveOn ?? '',
    recordedAt: entry?.recordedAt ?? '',
    operation: entry?.operation ?? '',
    reverses: orNull(entry?.reverses),
    memo: entry?.memo ?? '',
    postings: (entry?.postings ?? []).map((p) => ({ account: p.account ?? '', amount: moneyView(p.amount) })),
  };
}

const partnerAmountView = (share: PartnerAmountJson): PartnerAmountView => ({
  partnerId: share.partnerId ?? '',
  amount: moneyView(share.amount),
});

export function capitalCallView(call: CapitalCallJson | undefined): CapitalCallView {
  return {
    id: call?.id ?? '',
    fundId: call?.fundId ?? '',
    calledOn: call?.calledOn ?? '',
    dueOn: call?.dueOn ?? '',
    amount: moneyView(call?.amount),
    shares: sharesView(call?.shares),
    entryId: call?.entryId ?? '',
  };
}

export function investmentView(investment: InvestmentJson | undefined): InvestmentView {
  return {
    id: investment?.id ?? '',
    fundId: investment?.fundId ?? '',
    targetKind: investment?.targetKind ?? '',
    targetId: investment?.targetId ?? '',
    form: investment?.form ?? '',
    madeOn: investment?.madeOn ?? '',
    cost: moneyView(investment?.cost),
    entryId: investment?.entryId ?? '',
  };
}

export const sharesView = (shares: PartnerAmountJson[] | undefined): PartnerAmountView[] =>
  (shares ?? []).map(partnerAmountView);

export function overdueView(response: ListOverdueResponseJson): OverdueView {
  return {
    asOf: response.asOf ?? '',
    overdue: (response.overdue ?? []).map((o) => ({
      callId: o.callId ?? '',
      partnerId: o.partnerId ?? '',
      dueOn: o.dueOn ?? '',
      called: moneyView(o.called),
      received: moneyView(o.received),
      outstanding: moneyView(o.outstanding),
    })),
  };
}

export function balancesView(response: GetBalancesResponseJson): BalancesView {
  return {
    asOf: orNull(response.asOf),
    knownAt: orNull(response.knownAt),
    balances: (response.balances ?? []).map((b) => ({ account: b.account ?? '', balance: moneyView(b.balance) })),
  };
}

export function figuresView(figures: GetFundFiguresResponseJson): FundFiguresView {
  return {
    asOf: figures.asOf ?? '',
    committed: moneyView(figures.committed),
    called: moneyView(figures.called),
    paidIn: moneyView(figures.paidIn),
    unfunded: moneyView(figures.unfunded),
    investmentsCount: Number(figures.investmentsCount ?? 0),
    investedAtCost: moneyView(figures.investedAtCost),
    investedInReturneeFounded: moneyView(figures.investedInReturneeFounded),
    returneeFoundedShare: orNull(figures.returneeFoundedShare),
    realisedProceeds: moneyView(figures.realisedProceeds),
    writtenOff: moneyView(figures.writtenOff),
    distributed: moneyView(figures.distributed),
    fees: moneyView(figures.fees),
    nav: moneyView(figures.nav),
    cash: moneyView(figures.cash),
    remainingCapacity: moneyView(figures.remainingCapacity),
    dpi: orNull(figures.dpi),
    rvpi: orNull(figures.rvpi),
    tvpi: orNull(figures.tvpi),
    netIrr: orNull(figures.netIrr),
    netIrrNoneReason: orNull(figures.netIrrNoneReason),
  };
}

export function capitalAccountView(response: GetCapitalAccountResponseJson): CapitalAccountStatementView {
  const statement = response.statement;
  return {
    fundId: statement?.fundId ?? '',
    partnerId: statement?.partnerId ?? '',
    partnerName: statement?.partnerName ?? '',
    from: statement?.from ?? '',
    to: statement?.to ?? '',
    beginningBalance: moneyView(statement?.beginningBalance),
    contributions: moneyView(statement?.contributions),
    distributions: moneyView(statement?.distributions),
    managementFees: moneyView(statement?.managementFees),
    gainsLosses: moneyView(statement?.gainsLosses),
    endingBalance: moneyView(statement?.endingBalance),
    commitment: moneyView(statement?.commitment),
    paidIn: moneyView(statement?.paidIn),
    calledUnpaid: moneyView(statement?.calledUnpaid),
    unfundedCommitment: moneyView(statement?.unfundedCommitment),
  };
}

export function lookThroughView(response: GetLookThroughResponseJson): LookThroughView {
  return {
    fundId: response.fundId ?? '',
    asOf: response.asOf ?? '',
    subFunds: (response.subFunds ?? []).map((sub) => ({
      subFundId: sub.subFundId ?? '',
      nameZh: sub.nameZh ?? '',
      nameEn: sub.nameEn ?? '',
      partnerIds: sub.partnerIds ?? [],
      paidIn: moneyView(sub.paidIn),
      totalPaidIn: moneyView(sub.totalPaidIn),
      share: orNull(sub.share),
      investments: (sub.investments ?? []).map((line) => ({
        investmentId: line.investmentId ?? '',
        targetKind: line.targetKind ?? '',
        targetId: line.targetId ?? '',
        form: line.form ?? '',
        remainingCost: moneyView(line.remainingCost),
        lookThrough: moneyView(line.lookThrough),
      })),
      remainingCost: moneyView(sub.remainingCost),
      lookThrough: moneyView(sub.lookThrough),
    })),
    totals: (response.totals ?? []).map(moneyView),
  };
}

export class ReinvestmentRequirementView {
  @ApiProperty({ type: [String], description: 'the roots of the park subtrees that count' }) regionParkIds!: string[];
  @ApiProperty({ example: '1.2' }) ratio!: string;
  @ApiProperty({ format: 'uuid', description: 'the partner whose commitment the ratio is of' }) partnerId!: string;
  @ApiProperty({ example: '2021-01-15', format: 'date' }) effectiveOn!: string;
}

export class ReinvestmentLineView {
  @ApiProperty({ format: 'uuid' }) investmentId!: string;
  @ApiProperty({ example: 'project' }) targetKind!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ format: 'date' }) madeOn!: string;
  @ApiProperty({ type: MoneyView }) cost!: MoneyView;
  @ApiProperty() counts!: boolean;
  @ApiProperty({
    example: 'project in the region',
    description: 'project in the region | enterprise settled in the region on the investment date | outside the region',
  })
  why!: string;
}

export class ReinvestmentReportView {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: ReinvestmentRequirementView }) requirement!: ReinvestmentRequirementView;
  @ApiProperty({ type: MoneyView, description: 'the partner’s commitment as of the date' }) commitment!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'ratio × commitment, rounded up to the minor unit' })
  required!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'the cost of the investments that count' }) counted!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what is short of required; 0 when met' }) shortfall!: MoneyView;
  @ApiProperty({ nullable: true, type: String, example: '2.1917', description: 'counted / commitment' })
  achievedRatio!: string | null;
  @ApiProperty({ type: [ReinvestmentLineView] }) investments!: ReinvestmentLineView[];
}

export const requirementView = (requirement: ReinvestmentRequirementJson | undefined): ReinvestmentRequirementView => ({
  regionParkIds: requirement?.regionParkIds ?? [],
  ratio: requirement?.ratio ?? '',
  partnerId: requirement?.partnerId ?? '',
  effectiveOn: requirement?.effectiveOn ?? '',
});

export const reinvestmentReportView = (report: GetReinvestmentReportResponseJson): ReinvestmentReportView => ({
  asOf: report.asOf ?? '',
  requirement: requirementView(report.requirement),
  commitment: moneyView(report.commitment),
  required: moneyView(report.required),
  counted: moneyView(report.counted),
  shortfall: moneyView(report.shortfall),
  achievedRatio: orNull(report.achievedRatio),
  investments: (report.investments ?? []).map((line) => ({
    investmentId: line.investmentId ?? '',
    targetKind: line.targetKind ?? '',
    targetId: line.targetId ?? '',
    madeOn: line.madeOn ?? '',
    cost: moneyView(line.cost),
    counts: line.counts ?? false,
    why: line.why ?? '',
  })),
});
