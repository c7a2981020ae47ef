import { Inject, Injectable } from '@nestjs/common';
import { type ImportedEntryJson } from '@parkledger/contracts';
import { type GatewayCaller } from '../auth/gateway-caller';
import { FUND_LEDGER_CLIENT } from '../grpc/clients.tokens';
import { type FundLedgerClient } from '../grpc/fund-ledger.client';
import { moneyJson, type PageQuery, pageJson } from '../http/dto';
import { moneyView, nextCursor } from '../http/views';
import {
  type AsOfQuery,
  type BalancesQuery,
  type CapitalAccountQuery,
  type CallCapitalDto,
  type ChangeCommitmentDto,
  type ChargeFeeDto,
  type ClosePeriodDto,
  type CommitPartnerDto,
  type DistributeDto,
  type FundsQuery,
  type JournalQuery,
  type MakeInvestmentDto,
  type RealiseExitDto,
  type ReceiveContributionDto,
  type RegisterFundDto,
  type ReverseEntryDto,
  type ReinvestmentRequirementDto,
  type ValueInvestmentDto,
  type WriteOffDto,
} from './fund.dto';
import {
  balancesView,
  capitalAccountView,
  capitalCallView,
  entryView,
  figuresView,
  fundView,
  investmentView,
  lookThroughView,
  reinvestmentReportView,
  requirementView,
  type ReinvestmentReportView,
  type ReinvestmentRequirementView,
  overdueView,
  partnerView,
  sharesView,
  type BalancesView,
  type CapitalAccountStatementView,
  type CapitalCallResult,
  type DistributionResult,
  type EntryResult,
  type ValuationResult,
  type ImportResult,
  type ExitResult,
  type FundFiguresView,
  type FundPage,
  type FundView,
  type InvestmentPage,
  type InvestmentResult,
  type JournalPage,
  type LookThroughView,
  type OverdueView,
  type PartnerList,
  type PartnerResult,
} from './fund.views';

/** Funds over REST: translate to the fund ledger's RPCs and back. */
@Injectable()
export class FundsGatewayService {
  constructor(@Inject(FUND_LEDGER_CLIENT) private readonly ledger: FundLedgerClient) {}

  async register(caller: GatewayCaller, dto: RegisterFundDto): Promise<FundView> {
    const { fund } = await this.ledger.call('RegisterFund', caller, { ...dto, regionParkIds: dto.regionParkIds ?? [] });
    return fundView(fund);
  }

  async get(caller: GatewayCaller, id: string): Promise<FundView> {
    return fundView((await this.ledger.call('GetFund', caller, { id })).fund);
  }

  async list(caller: GatewayCaller, query: FundsQuery): Promise<FundPage> {
    const { funds, nextCursor: cursor } = await this.ledger.call('ListFunds', caller, {
      page: pageJson(query),
      kind: query.kind ?? '',
    });
    return { items: (funds ?? []).map(fundView), nextCursor: nextCursor(cursor) };
  }

  async commitPartner(caller: GatewayCaller, fundId: string, dto: CommitPartnerDto): Promise<PartnerResult> {
    const { partner, entry } = await this.ledger.call('CommitPartner', caller, {
      ...dto,
      fundId,
      partnerFundId: dto.partnerFundId ?? '',
      commitment: moneyJson(dto.commitment),
    });
    return { partner: partnerView(partner), entry: entryView(entry) };
  }

  async partners(caller: GatewayCaller, fundId: string): Promise<PartnerList> {
    const { partners } = await this.ledger.call('ListPartners', caller, { fundId });
    return { items: (partners ?? []).map(partnerView) };
  }

  async changeCommitment(
    caller: GatewayCaller,
    fundId: string,
    partnerId: string,
    dto: ChangeCommitmentDto,
  ): Promise<PartnerResult> {
    const { partner, entry } = await this.ledger.call('ChangeCommitment', caller, {
      fundId,
      partnerId,
      change: moneyJson(dto.change),
      effectiveOn: dto.effectiveOn,
    });
    return { partner: partnerView(partner), entry: entryView(entry) };
  }

  async callCapital(caller: GatewayCaller, fundId: string, dto: CallCapitalDto): Promise<CapitalCallResult> {
    const { call, entry } = await this.ledger.call('CallCapital', caller, {
      ...dto,
      fundId,
      amount: moneyJson(dto.amount),
    });
    return { call: capitalCallView(call), entry: entryView(entry) };
  }

  async receiveContribution(caller: GatewayCaller, fundId: string, dto: ReceiveContributionDto): Promise<EntryResult> {
    const { entry } = await this.ledger.call('ReceiveContribution', caller, {
      ...dto,
      fundId,
      amount: moneyJson(dto.amount),
    });
    return { entry: entryView(entry) };
  }

  async overdue(caller: GatewayCaller, fundId: string, query: AsOfQuery): Promise<OverdueView> {
    return overdueView(await this.ledger.call('ListOverdue', caller, { fundId, asOf: query.asOf ?? '' }));
  }

  async invest(caller: GatewayCaller, fundId: string, dto: MakeInvestmentDto): Promise<InvestmentResult> {
    const { investment, entry } = await this.ledger.call('MakeInvestment', caller, {
      ...dto,
      fundId,
      amount: moneyJson(dto.amount),
    });
    return { investment: investmentView(investment), entry: entryView(entry) };
  }

  async investments(caller: GatewayCaller, fundId: string, query: PageQuery): Promise<InvestmentPage> {
    const { investments, nextCursor: cursor } = await this.ledger.call('ListInvestments', caller, {
      fundId,
      page: pageJson(query),
    });
    return { items: (investments ?? []).map(investmentView), nextCursor: nextCursor(cursor) };
  }

  async value(
    caller: GatewayCaller,
    fundId: string,
    investmentId: string,
    dto: ValueInvestmentDto,
  ): Promise<ValuationResult> {
    const { entry } = await this.ledger.call('ValueInvestment', caller, {
      fundId,
      investmentId,
      fairValue: moneyJson(dto.fairValue),
      effectiveOn: dto.effectiveOn,
    });
    return { entry: entry === undefined ? null : entryView(entry) };
  }

  async exit(caller: GatewayCaller, fundId: string, investmentId: string, dto: RealiseExitDto): Promise<ExitResult> {
    const { entry, gain } = await this.ledger.call('RealiseExit', caller, {
      fundId,
      investmentId,
      cost: moneyJson(dto.cost),
      proceeds: moneyJson(dto.proceeds),
      effectiveOn: dto.effectiveOn,
    });
    return { entry: entryView(entry), gain: moneyView(gain) };
  }

  async writeOff(caller: GatewayCaller, fundId: string, investmentId: string, dto: WriteOffDto): Promise<EntryResult> {
    const { entry } = await this.ledger.call('WriteOffInvestment', caller, {
      fundId,
      investmentId,
      amount: moneyJson(dto.amount),
      effectiveOn: dto.effectiveOn,
    });
    return { entry: entryView(entry) };
  }

  async distribute(caller: GatewayCaller, fundId: string, dto: DistributeDto): Promise<DistributionResult> {
    const { shares, entry } = await this.ledger.call('Distribute', caller, {
      fundId,
      amount: moneyJson(dto.amount),
      effectiveOn: dto.effectiveOn,
      shares: (dto.shares ?? []).map((share) => ({ partnerId: share.partnerId, amount: moneyJson(share.amount) })),
    });
    return { shares: sharesView(shares), entry: entryView(entry) };
  }

  async chargeFee(caller: GatewayCaller, fundId: string, dto: ChargeFeeDto): Promise<EntryResult> {
    const { entry } = await this.ledger.call('ChargeFee', caller, {
      fundId,
      amount: moneyJson(dto.amount),
      effectiveOn: dto.effectiveOn,
      memo: dto.memo ?? '',
    });
    return { entry: entryView(entry) };
  }

  async reverse(caller: GatewayCaller, fundId: string, entryId: string, dto: ReverseEntryDto): Promise<EntryResult> {
    const { entry } = await this.ledger.call('ReverseEntry', caller, { ...dto, fundId, entryId });
    return { entry: entryView(entry) };
  }

  async importEntries(caller: GatewayCaller, fundId: string, entries: ImportedEntryJson[]): Promise<ImportResult> {
    const { entryIds } = await this.ledger.call('ImportEntries', caller, { fundId, entries });
    return { entryIds: entryIds ?? [] };
  }

  async closePeriod(caller: GatewayCaller, fundId: string, dto: ClosePeriodDto): Promise<FundView> {
    return fundView((await this.ledger.call('ClosePeriod', caller, { fundId, through: dto.through })).fund);
  }

  async balances(caller: GatewayCaller, fundId: string, query: BalancesQuery): Promise<BalancesView> {
    return balancesView(
      await this.ledger.call('GetBalances', caller, {
        fundId,
        asOf: query.asOf ?? '',
        knownAt: query.knownAt ?? '',
        accountPrefix: query.accountPrefix ?? '',
      }),
    );
  }

  async figures(caller: GatewayCaller, fundId: string, query: AsOfQuery): Promise<FundFiguresView> {
    return figuresView(await this.ledger.call('GetFundFigures', caller, { fundId, asOf: query.asOf ?? '' }));
  }

  async journal(caller: GatewayCaller, fundId: string, query: JournalQuery): Promise<JournalPage> {
    const { entries, nextCursor: cursor } = await this.ledger.call('ListJournal', caller, {
      fundId,
      page: pageJson(query),
      from: query.from ?? '',
      to: query.to ?? '',
      operation: query.operation ?? '',
      account: query.account ?? '',
    });
    return { items: (entries ?? []).map(entryView), nextCursor: nextCursor(cursor) };
  }

  async capitalAccount(
    caller: GatewayCaller,
    fundId: string,
    partnerId: string,
    query: CapitalAccountQuery,
  ): Promise<CapitalAccountStatementView> {
    return capitalAccountView(
      await this.ledger.call('GetCapitalAccount', caller, { fundId, partnerId, from: query.from, to: query.to }),
    );
  }

  async lookThrough(caller: GatewayCaller, fundId: string, query: AsOfQuery): Promise<LookThroughView> {
    return lookThroughView(await this.ledger.call('GetLookThrough', caller, { fundId, asOf: query.asOf ?? '' }));
  }

  async stateRequirement(
    caller: GatewayCaller,
    fundId: string,
    dto: ReinvestmentRequirementDto,
  ): Promise<ReinvestmentRequirementView> {
    const { requirement } = await this.ledger.call('StateReinvestmentRequirement', caller, {
      fundId,
      requirement: dto,
    });
    return requirementView(requirement);
  }

  async reinvestment(caller: GatewayCaller, fundId: string, query: AsOfQuery): Promise<ReinvestmentReportView> {
    return reinvestmentReportView(
      await this.ledger.call('GetReinvestmentReport', caller, { fundId, asOf: query.asOf ?? '' }),
    );
  }
}
