import { Injectable } from '@nestjs/common';
import {
  type GetBalancesRequestJson,
  type GetBalancesResponseJson,
  type GetFundFiguresRequestJson,
  type GetFundFiguresResponseJson,
  type ListJournalRequestJson,
  type ListJournalResponseJson,
  JOURNAL_OPERATIONS,
} from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { FieldCheck, pageOf, pageRequest, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { fundFigures } from '../figures/fund-figures';
import { FundsService } from '../funds/funds.service';
import { BalancesRepository, type BalanceRow } from '../journal/balances.repository';
import { entryJson, JournalRepository } from '../journal/journal.repository';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { assertFundExisted, today } from './report-dates';
import { moneyJson } from '../ledger/amounts';
import { ReportsRepository } from './reports.repository';

/** What fund managers and auditors read: balances, figures, the journal. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly balances: BalancesRepository,
    private readonly journal: JournalRepository,
    private readonly reports: ReportsRepository,
  ) {}

  /**
   * Balances as they stand, as of a business date, or as of a date as it was known at an instant
   * ("as first reported" against "as since corrected"). Every account with postings is listed, 0 or not.
   */
  async balancesOf(caller: Caller, request: GetBalancesRequestJson): Promise<GetBalancesResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf, { required: false });
    const knownAt = request.knownAt ?? '';
    const known = knownAt === '' ? null : new Date(knownAt);
    if (known !== null && (Number.isNaN(known.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(knownAt))) {
      check.fail('knownAt', 'date-time', 'knownAt must be an RFC 3339 instant, e.g. 2023-01-15T00:00:00Z');
    } else if (known !== null && known.getTime() > Date.now()) {
      check.fail('knownAt', 'not-future', 'knownAt is in the future: what will be known then is not known now');
    }
    const prefix = check.text('accountPrefix', request.accountPrefix, { required: false });
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    if (asOf !== null) assertFundExisted(fund, asOf, 'asOf');
    if (known !== null && known.toISOString() < fund.registered_at) {
      const message = `the fund was registered at ${fund.registered_at}; nothing of it was known at ${known.toISOString()}`;
      throw new LedgerError(LedgerErrorCode.BeforeVintage, ErrorKind.Invalid, message, [
        { field: 'knownAt', rule: 'after-fund-registered', message },
      ]);
    }
    const executor = this.dataSource.manager;
    let rows: BalanceRow[];
    if (known !== null) rows = await this.balances.asKnown(executor, fund.id, asOf, known.toISOString(), prefix);
    else if (asOf !== null) rows = await this.balances.asOf(executor, fund.id, asOf, prefix);
    else rows = await this.balances.current(executor, fund.id, prefix);
    return {
      asOf: asOf ?? '',
      knownAt: known === null ? '' : known.toISOString(),
      balances: rows.map((row) => ({ account: row.account, balance: moneyJson(BigInt(row.balance), row.currency) })),
    };
  }

  async figures(caller: Caller, request: GetFundFiguresRequestJson): Promise<GetFundFiguresResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf, { required: false }) ?? today();
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    assertFundExisted(fund, asOf, 'asOf');
    const figures = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const [balances, invested, returnee, proceeds, flows] = [
        await this.balances.asOfMap(tx, fund.id, asOf),
        await this.reports.invested(tx, fund.id, asOf),
        await this.reports.returneeFounded(tx, fund.id, asOf),
        await this.reports.proceeds(tx, fund.id, asOf),
        await this.reports.partnerFlows(tx, fund.id, asOf),
      ];
      return fundFigures({
        asOf,
        balances,
        investmentsCount: BigInt(invested.count),
        investedAtCost: BigInt(invested.cost),
        investedInReturneeFounded: returnee,
        realisedProceeds: proceeds,
        partnerFlows: flows,
      });
    });
    const c = fund.currency;
    return {
      asOf,
      committed: moneyJson(figures.committed, c),
      called: moneyJson(figures.called, c),
      paidIn: moneyJson(figures.paidIn, c),
      unfunded: moneyJson(figures.unfunded, c),
      investmentsCount: figures.investmentsCount.toString(),
      investedAtCost: moneyJson(figures.investedAtCost, c),
      investedInReturneeFounded: moneyJson(figures.investedInReturneeFounded, c),
      returneeFoundedShare: figures.returneeFoundedShare ?? '',
      realisedProceeds: moneyJson(figures.realisedProceeds, c),
      writtenOff: moneyJson(figures.writtenOff, c),
      distributed: moneyJson(figures.distributed, c),
      fees: moneyJson(figures.fees, c),
      nav: moneyJson(figures.nav, c),
      cash: moneyJson(figures.cash, c),
      remainingCapacity: moneyJson(figures.remainingCapacity, c),
      dpi: figures.dpi ?? '',
      rvpi: figures.rvpi ?? '',
      tvpi: figures.tvpi ?? '',
      netIrr: figures.netIrr ?? '',
      netIrrNoneReason: figures.netIrrNoneReason,
    };
  }

  async journalOf(caller: Caller, request: ListJournalRequestJson): Promise<ListJournalResponseJson> {
    const page = pageRequest(request.page);
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const from = check.date('from', request.from, { required: false });
    const to = check.date('to', request.to, { required: false });
    const operation = request.operation ?? '';
    if (operation !== '') check.oneOf('operation', operation, JOURNAL_OPERATIONS);
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    const rows = await this.journal.list(
      this.dataSource.manager,
      fund.id,
      {
        ...(from === null ? {} : { from }),
        ...(to === null ? {} : { to }),
        ...(operation === '' ? {} : { operation }),
        ...(request.account ? { account: request.account } : {}),
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { entries: items.map(entryJson), nextCursor };
  }
}
