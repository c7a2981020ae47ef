import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type CallCapitalRequestJson,
  type ChangeCommitmentRequestJson,
  type ChargeFeeRequestJson,
  type ClosePeriodRequestJson,
  type CommitPartnerRequestJson,
  type DistributeRequestJson,
  type GetBalancesRequestJson,
  type GetCapitalAccountRequestJson,
  type GetFundFiguresRequestJson,
  type GetFundRequestJson,
  type GetReinvestmentReportRequestJson,
  type StateReinvestmentRequirementRequestJson,
  type ImportEntriesRequestJson,
  type GetLookThroughRequestJson,
  type GetPolicyBudgetBalancesRequestJson,
  type ListFundsRequestJson,
  type ListInvestmentsRequestJson,
  type ListJournalRequestJson,
  type ListOverdueRequestJson,
  type ListPartnersRequestJson,
  type ListPolicyBudgetJournalRequestJson,
  type MakeInvestmentRequestJson,
  type RealiseExitRequestJson,
  type ReceiveContributionRequestJson,
  type RegisterFundRequestJson,
  type ReverseEntryRequestJson,
  type ValueInvestmentRequestJson,
  type WriteOffInvestmentRequestJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { FundsService } from '../funds/funds.service';
import { ReinvestmentService } from '../funds/reinvestment.service';
import { ImportService } from '../journal/import.service';
import { ReversalService } from '../journal/reversal.service';
import { CapitalService } from '../operations/capital.service';
import { PortfolioService } from '../operations/portfolio.service';
import { PolicyBooksService } from '../policy-books/policy-books.service';
import { PartnerReportsService } from '../reports/partner-reports.service';
import { ReportsService } from '../reports/reports.service';

const SERVICE = 'FundLedgerService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class FundLedgerGrpcController {
  constructor(
    private readonly funds: FundsService,
    private readonly capital: CapitalService,
    private readonly portfolio: PortfolioService,
    private readonly reversals: ReversalService,
    private readonly imports: ImportService,
    private readonly reinvestment: ReinvestmentService,
    private readonly reports: ReportsService,
    private readonly partnerReports: PartnerReportsService,
    private readonly policyBooks: PolicyBooksService,
  ) {}

  @GrpcMethod(SERVICE, 'RegisterFund')
  async registerFund(@Payload() request: RegisterFundRequestJson, @VerifiedCaller() caller: Caller) {
    return { fund: await this.funds.register(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetFund')
  async getFund(@Payload() request: GetFundRequestJson, @VerifiedCaller() caller: Caller) {
    return { fund: await this.funds.get(caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListFunds')
  listFunds(@Payload() request: ListFundsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.funds.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'CommitPartner')
  commitPartner(@Payload() request: CommitPartnerRequestJson, @VerifiedCaller() caller: Caller) {
    return this.funds.commitPartner(caller, request);
  }

  @GrpcMethod(SERVICE, 'ChangeCommitment')
  changeCommitment(@Payload() request: ChangeCommitmentRequestJson, @VerifiedCaller() caller: Caller) {
    return this.funds.changeCommitment(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListPartners')
  async listPartners(@Payload() request: ListPartnersRequestJson, @VerifiedCaller() caller: Caller) {
    return { partners: await this.funds.listPartners(caller, request.fundId ?? '') };
  }

  @GrpcMethod(SERVICE, 'CallCapital')
  callCapital(@Payload() request: CallCapitalRequestJson, @VerifiedCaller() caller: Caller) {
    return this.capital.call(caller, request);
  }

  @GrpcMethod(SERVICE, 'ReceiveContribution')
  receiveContribution(@Payload() request: ReceiveContributionRequestJson, @VerifiedCaller() caller: Caller) {
    return this.capital.receive(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListOverdue')
  listOverdue(@Payload() request: ListOverdueRequestJson, @VerifiedCaller() caller: Caller) {
    return this.capital.overdue(caller, request);
  }

  @GrpcMethod(SERVICE, 'MakeInvestment')
  makeInvestment(@Payload() request: MakeInvestmentRequestJson, @VerifiedCaller() caller: Caller) {
    return this.portfolio.invest(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListInvestments')
  listInvestments(@Payload() request: ListInvestmentsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.portfolio.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'ValueInvestment')
  valueInvestment(@Payload() request: ValueInvestmentRequestJson, @VerifiedCaller() caller: Caller) {
    return this.portfolio.value(caller, request);
  }

  @GrpcMethod(SERVICE, 'RealiseExit')
  realiseExit(@Payload() request: RealiseExitRequestJson, @VerifiedCaller() caller: Caller) {
    return this.portfolio.exit(caller, request);
  }

  @GrpcMethod(SERVICE, 'WriteOffInvestment')
  writeOffInvestment(@Payload() request: WriteOffInvestmentRequestJson, @VerifiedCaller() caller: Caller) {
    return this.portfolio.writeOff(caller, request);
  }

  @GrpcMethod(SERVICE, 'Distribute')
  distribute(@Payload() request: DistributeRequestJson, @VerifiedCaller() caller: Caller) {
    return this.capital.distribute(caller, request);
  }

  @GrpcMethod(SERVICE, 'ChargeFee')
  chargeFee(@Payload() request: ChargeFeeRequestJson, @VerifiedCaller() caller: Caller) {
    return this.capital.fee(caller, request);
  }

  @GrpcMethod(SERVICE, 'ReverseEntry')
  reverseEntry(@Payload() request: ReverseEntryRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reversals.reverse(caller, request);
  }

  @GrpcMethod(SERVICE, 'ClosePeriod')
  async closePeriod(@Payload() request: ClosePeriodRequestJson, @VerifiedCaller() caller: Caller) {
    return { fund: await this.funds.closePeriod(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetBalances')
  getBalances(@Payload() request: GetBalancesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.balancesOf(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetFundFigures')
  getFundFigures(@Payload() request: GetFundFiguresRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.figures(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListJournal')
  listJournal(@Payload() request: ListJournalRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.journalOf(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetCapitalAccount')
  getCapitalAccount(@Payload() request: GetCapitalAccountRequestJson, @VerifiedCaller() caller: Caller) {
    return this.partnerReports.capitalAccount(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetLookThrough')
  getLookThrough(@Payload() request: GetLookThroughRequestJson, @VerifiedCaller() caller: Caller) {
    return this.partnerReports.lookThrough(caller, request);
  }

  @GrpcMethod(SERVICE, 'ImportEntries')
  importEntries(@Payload() request: ImportEntriesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.imports.importEntries(caller, request);
  }

  @GrpcMethod(SERVICE, 'StateReinvestmentRequirement')
  stateReinvestmentRequirement(
    @Payload() request: StateReinvestmentRequirementRequestJson,
    @VerifiedCaller() caller: Caller,
  ) {
    return this.reinvestment.state(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetReinvestmentReport')
  getReinvestmentReport(@Payload() request: GetReinvestmentReportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reinvestment.report(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetPolicyBudgetBalances')
  getPolicyBudgetBalances(@Payload() request: GetPolicyBudgetBalancesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.policyBooks.balances(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListPolicyBudgetJournal')
  listPolicyBudgetJournal(@Payload() request: ListPolicyBudgetJournalRequestJson, @VerifiedCaller() caller: Caller) {
    return this.policyBooks.journal(caller, request);
  }
}
