import {
  type CallCapitalRequestJson,
  type CallCapitalResponseJson,
  type ChangeCommitmentRequestJson,
  type ChangeCommitmentResponseJson,
  type ChargeFeeRequestJson,
  type ChargeFeeResponseJson,
  type ClosePeriodRequestJson,
  type ClosePeriodResponseJson,
  type CommitPartnerRequestJson,
  type CommitPartnerResponseJson,
  type DistributeRequestJson,
  type DistributeResponseJson,
  type GetBalancesRequestJson,
  type GetBalancesResponseJson,
  type GetCapitalAccountRequestJson,
  type GetCapitalAccountResponseJson,
  type GetFundFiguresRequestJson,
  type GetFundFiguresResponseJson,
  type GetFundRequestJson,
  type GetFundResponseJson,
  type GetLookThroughRequestJson,
  type GetLookThroughResponseJson,
  type GetPolicyBudgetBalancesRequestJson,
  type GetPolicyBudgetBalancesResponseJson,
  type ImportEntriesRequestJson,
  type GetReinvestmentReportRequestJson,
  type GetReinvestmentReportResponseJson,
  type StateReinvestmentRequirementRequestJson,
  type StateReinvestmentRequirementResponseJson,
  type ImportEntriesResponseJson,
  type ListFundsRequestJson,
  type ListFundsResponseJson,
  type ListInvestmentsRequestJson,
  type ListInvestmentsResponseJson,
  type ListJournalRequestJson,
  type ListJournalResponseJson,
  type ListOverdueRequestJson,
  type ListOverdueResponseJson,
  type ListPartnersRequestJson,
  type ListPartnersResponseJson,
  type ListPolicyBudgetJournalRequestJson,
  type ListPolicyBudgetJournalResponseJson,
  type MakeInvestmentRequestJson,
  type MakeInvestmentResponseJson,
  type RealiseExitRequestJson,
  type RealiseExitResponseJson,
  type ReceiveContributionRequestJson,
  type ReceiveContributionResponseJson,
  type RegisterFundRequestJson,
  type RegisterFundResponseJson,
  type ReverseEntryRequestJson,
  type ReverseEntryResponseJson,
  type ValueInvestmentRequestJson,
  type ValueInvestmentResponseJson,
  type WriteOffInvestmentRequestJson,
  type WriteOffInvestmentResponseJson,
} from '@parkledger/contracts';
import { type KeyObject } from 'node:crypto';
import { ServiceClient } from './registry.client';

/** Each RPC of the fund ledger: [request, response]. */
type FundLedgerRpcs = {
  RegisterFund: [RegisterFundRequestJson, RegisterFundResponseJson];
  GetFund: [GetFundRequestJson, GetFundResponseJson];
  ListFunds: [ListFundsRequestJson, ListFundsResponseJson];
  CommitPartner: [CommitPartnerRequestJson, CommitPartnerResponseJson];
  ChangeCommitment: [ChangeCommitmentRequestJson, ChangeCommitmentResponseJson];
  ListPartners: [ListPartnersRequestJson, ListPartnersResponseJson];
  CallCapital: [CallCapitalRequestJson, CallCapitalResponseJson];
  ReceiveContribution: [ReceiveContributionRequestJson, ReceiveContributionResponseJson];
  ListOverdue: [ListOverdueRequestJson, ListOverdueResponseJson];
  MakeInvestment: [MakeInvestmentRequestJson, MakeInvestmentResponseJson];
  ListInvestments: [ListInvestmentsRequestJson, ListInvestmentsResponseJson];
  ValueInvestment: [ValueInvestmentRequestJson, ValueInvestmentResponseJson];
  RealiseExit: [RealiseExitRequestJson, RealiseExitResponseJson];
  WriteOffInvestment: [WriteOffInvestmentRequestJson, WriteOffInvestmentResponseJson];
  Distribute: [DistributeRequestJson, DistributeResponseJson];
  ChargeFee: [ChargeFeeRequestJson, ChargeFeeResponseJson];
  ReverseEntry: [ReverseEntryRequestJson, ReverseEntryResponseJson];
  ClosePeriod: [ClosePeriodRequestJson, ClosePeriodResponseJson];
  GetBalances: [GetBalancesRequestJson, GetBalancesResponseJson];
  GetFundFigures: [GetFundFiguresRequestJson, GetFundFiguresResponseJson];
  ListJournal: [ListJournalRequestJson, ListJournalResponseJson];
  GetCapitalAccount: [GetCapitalAccountRequestJson, GetCapitalAccountResponseJson];
  GetLookThrough: [GetLookThroughRequestJson, GetLookThroughResponseJson];
  ImportEntries: [ImportEntriesRequestJson, ImportEntriesResponseJson];
  StateReinvestmentRequirement: [StateReinvestmentRequirementRequestJson, StateReinvestmentRequirementResponseJson];
  GetReinvestmentReport: [GetReinvestmentReportRequestJson, GetReinvestmentReportResponseJson];
  GetPolicyBudgetBalances: [GetPolicyBudgetBalancesRequestJson, GetPolicyBudgetBalancesResponseJson];
  ListPolicyBudgetJournal: [ListPolicyBudgetJournalRequestJson, ListPolicyBudgetJournalResponseJson];
};

/** The fund ledger. */
export class FundLedgerClient extends ServiceClient<FundLedgerRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('fund-ledger', 'FundLedgerService', url, callerTokenKey);
  }
}
