import { Injectable } from '@nestjs/common';
import {
  INVESTMENT_FORMS,
  INVESTMENT_TARGET_KINDS,
  type ListInvestmentsRequestJson,
  type ListInvestmentsResponseJson,
  type MakeInvestmentRequestJson,
  type MakeInvestmentResponseJson,
  type RealiseExitRequestJson,
  type RealiseExitResponseJson,
  type ValueInvestmentRequestJson,
  type ValueInvestmentResponseJson,
  type WriteOffInvestmentRequestJson,
  type WriteOffInvestmentResponseJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { FieldCheck, pageOf, pageRequest, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { FundsService } from '../funds/funds.service';
import { BalancesRepository } from '../journal/balances.repository';
import { entryMessage, FundWrites, type FundWrite } from '../journal/fund-writes';
import { account } from '../ledger/accounts';
import { checkAmount, inFundCurrency } from '../ledger/amounts';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { exitPostings, valuationPostings, writeOffPostings, type Holding } from '../ledger/portfolio-entries';
import { investmentJson, PortfolioRepository, type InvestmentRow } from './portfolio.repository';

/** What a fund invests in, and what becomes of it: valuations, exits, write-offs. */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: FundWrites,
    private readonly funds: FundsService,
    private readonly portfolio: PortfolioRepository,
    private readonly balances: BalancesRepository,
  ) {}

  /**
   * Invests cash in a project of the pipeline or an enterprise of the registry, which the ledger
   * must know from their events (422 naming the target otherwise); it never asks those services.
   */
  async invest(caller: Caller, request: MakeInvestmentRequestJson): Promise<MakeInvestmentResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const targetKind = check.oneOf('targetKind', request.targetKind, INVESTMENT_TARGET_KINDS);
    const targetId = request.targetId ?? '';
    if (!isUuid(targetId)) check.fail('targetId', 'uuid', `targetId is the id of a ${targetKind}`);
    const form = check.oneOf('form', request.form, INVESTMENT_FORMS);
    const paid = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const currency = write.fund.currency;
      const amount = inFundCurrency(paid, currency, 'amount');
      if (!(await this.portfolio.targetKnown(write.tx, targetKind, targetId))) {
        const message = `no ${targetKind} ${targetId} is known to the fund ledger (from the ${
          targetKind === 'project' ? "pipeline's" : "registry's"
        } events)`;
        throw new LedgerError(LedgerErrorCode.UnknownTarget, ErrorKind.Invalid, message, [
          { field: 'targetId', rule: `known-${targetKind}`, message },
        ]);
      }
      const id = uuidv7();
      const entry = write.entry({
        operation: 'invest',
        effectiveOn: on,
        memo: `${form} in ${targetKind} ${targetId}`,
        postings: [
          { account: account.investment(id), amount, currency },
          { account: account.cash, amount: -amount, currency },
        ],
      });
      const row: InvestmentRow = {
        id,
        fund_id: write.fund.id,
        target_kind: targetKind,
        target_id: targetId,
        form,
        made_on: on,
        cost: amount.toString(),
        entry_id: entry.id ?? '',
        currency,
      };
      write.statements.push(this.portfolio.insert(row));
      const investment = investmentJson(row);
      write.emit('parkledger.fund.investment-made.v1', {
        investment: { ...investment, cost: { minorUnits: amount, currency } },
        entry: entryMessage(entry),
      });
      return { investment, entry };
    });
  }

  async list(caller: Caller, request: ListInvestmentsRequestJson): Promise<ListInvestmentsResponseJson> {
    const page = pageRequest(request.page);
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    const rows = await this.portfolio.list(this.dataSource.manager, fund.id, page);
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { investments: items.map(investmentJson), nextCursor };
  }

  /** A fair value as of a date, for the NAV: the adjustment over cost is booked as an unrealised gain or loss. */
  async value(caller: Caller, request: ValueInvestmentRequestJson): Promise<ValueInvestmentResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const fair = checkAmount(check, 'fairValue', request.fairValue, 'non-negative');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const fairValue = inFundCurrency(fair, write.fund.currency, 'fairValue');
      const holding = await this.holding(write, request.investmentId ?? '', on);
      if (holding.remainingCost === 0n) {
        throw new LedgerError(
          LedgerErrorCode.InvestmentClosed,
          ErrorKind.Conflict,
          'the investment has no remaining cost (exited, written off or reversed): there is nothing to value',
        );
      }
      const postings = valuationPostings(holding, fairValue);
      const entry =
        postings.length === 0
          ? undefined
          : write.entry({ operation: 'value', effectiveOn: on, postings, memo: 'fair value' });
      write.emit('parkledger.fund.investment-valued.v1', {
        investmentId: holding.investmentId,
        fairValue: { minorUnits: fairValue, currency: holding.currency },
        ...(entry === undefined ? {} : { entry: entryMessage(entry) }),
      });
      return entry === undefined ? {} : { entry };
    });
  }

  async exit(caller: Caller, request: RealiseExitRequestJson): Promise<RealiseExitResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const sold = checkAmount(check, 'cost', request.cost, 'positive');
    const got = checkAmount(check, 'proceeds', request.proceeds, 'non-negative');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const currency = write.fund.currency;
      const cost = inFundCurrency(sold, currency, 'cost');
      const proceeds = inFundCurrency(got, currency, 'proceeds');
      const holding = await this.holding(write, request.investmentId ?? '', on);
      // a cost above the remaining cost is refused by the database, naming remaining-cost
      const { postings, gain } = exitPostings(holding, cost, proceeds);
      const entry = write.entry({ operation: 'exit', effectiveOn: on, postings });
      write.emit('parkledger.fund.exit-realised.v1', {
        investmentId: holding.investmentId,
        cost: { minorUnits: cost, currency },
        proceeds: { minorUnits: proceeds, currency },
        gain: { minorUnits: gain, currency },
        entry: entryMessage(entry),
      });
      return { entry, gain: { minorUnits: gain.toString(), currency } };
    });
  }

  /** A write-off, in part or in full: a 100% loss is a normal event. */
  async writeOff(caller: Caller, request: WriteOffInvestmentRequestJson): Promise<WriteOffInvestmentResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const lost = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const amount = inFundCurrency(lost, write.fund.currency, 'amount');
      const holding = await this.holding(write, request.investmentId ?? '', on);
      const entry = write.entry({
        operation: 'write-off',
        effectiveOn: on,
        postings: writeOffPostings(holding, amount),
      });
      write.emit('parkledger.fund.investment-written-off.v1', {
        investmentId: holding.investmentId,
        amount: { minorUnits: amount, currency: holding.currency },
        entry: entryMessage(entry),
      });
      return { entry };
    });
  }

  /**
   * The investment's books as they stand, for an entry dated `on`: which must not come before the
   * investment's latest entry, since the valuation adjustment and the cost it moves are today's.
   */
  private async holding(write: FundWrite, investmentId: string, on: string): Promise<Holding> {
    const row = isUuid(investmentId) ? await this.portfolio.find(write.tx, write.fund.id, investmentId) : undefined;
    if (row === undefined) {
      throw new LedgerError(
        LedgerErrorCode.InvestmentNotFound,
        ErrorKind.NotFound,
        `the fund has no investment ${investmentId}`,
      );
    }
    const accounts = [account.investment(row.id), account.valuation(row.id)];
    const latest = await this.portfolio.latestEntryOn(write.tx, write.fund.id, accounts);
    if (latest !== null && on < latest) {
      const message = `the investment's latest entry is dated ${latest}; one dated ${on} can't come before it`;
      throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
        { field: 'effectiveOn', rule: 'on-or-after-latest-entry', message },
      ]);
    }
    const balances = await this.balances.of(write.tx, write.fund.id, accounts);
    return {
      investmentId: row.id,
      currency: write.fund.currency,
      remainingCost: balances.get(account.investment(row.id)) ?? 0n,
      valuation: balances.get(account.valuation(row.id)) ?? 0n,
    };
  }
}
