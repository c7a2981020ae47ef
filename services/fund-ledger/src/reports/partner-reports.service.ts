import { Injectable } from '@nestjs/common';
import {
  type GetCapitalAccountRequestJson,
  type GetCapitalAccountResponseJson,
  type GetLookThroughRequestJson,
  type GetLookThroughResponseJson,
  type LookThroughSubFundJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { capitalAccountStatement, resultShares } from '../figures/capital-account';
import { subFundLookThrough, totalsByCurrency } from '../figures/look-through';
import { FundsService } from '../funds/funds.service';
import { PartnersRepository } from '../funds/partners.repository';
import { BalancesRepository } from '../journal/balances.repository';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { PartnerReportsRepository } from './partner-reports.repository';
import { assertFundExisted, dayBefore, today } from './report-dates';
import { moneyJson } from '../ledger/amounts';

/** What the reports by partner read: a partner's capital account, a mother fund's look-through. */
@Injectable()
export class PartnerReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly partners: PartnersRepository,
    private readonly balances: BalancesRepository,
    private readonly reports: PartnerReportsRepository,
  ) {}

  /**
   * A partner's capital account statement for a period, both days inclusive, ILPA's layout (see
   * figures/capital-account.ts for the definitions): from the fund's balances as of the day before
   * `from` and as of `to`, with the fees and gains split day by day over the paid-in of each day,
   * read in one snapshot. `from` before the fund's vintage or after `to` is
   * a 422 naming it; a partner the fund doesn't have is a 404.
   */
  async capitalAccount(caller: Caller, request: GetCapitalAccountRequestJson): Promise<GetCapitalAccountResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const from = check.date('from', request.from) ?? '';
    const to = check.date('to', request.to) ?? '';
    check.done();
    if (from > to) {
      const message = `the period starts on ${from}, after its last day ${to}`;
      throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
        { field: 'from', rule: 'on-or-before-to', message },
      ]);
    }
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    assertFundExisted(fund, from, 'from');
    const partnerId = request.partnerId ?? '';
    const { partner, statement } = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const found = isUuid(partnerId) ? await this.partners.find(tx, fund.id, partnerId) : undefined;
      if (found === undefined) {
        const message = `the fund has no partner ${partnerId}`;
        throw new LedgerError(LedgerErrorCode.PartnerNotFound, ErrorKind.NotFound, message);
      }
      const partnerIds = (await this.partners.list(tx, fund.id)).map((p) => p.id);
      const [before, end, days] = [
        await this.balances.asOfMap(tx, fund.id, dayBefore(from)),
        await this.balances.asOfMap(tx, fund.id, to),
        await this.reports.resultDays(tx, fund.id, to),
      ];
      const shares = {
        before: resultShares(days, partnerIds, dayBefore(from)),
        end: resultShares(days, partnerIds, to),
      };
      return {
        partner: found,
        statement: capitalAccountStatement({ partnerId: found.id, partnerIds, before, end, shares }),
      };
    });
    const c = fund.currency;
    return {
      statement: {
        fundId: fund.id,
        partnerId: partner.id,
        partnerName: partner.name,
        from,
        to,
        beginningBalance: moneyJson(statement.beginning, c),
        contributions: moneyJson(statement.contributions, c),
        distributions: moneyJson(statement.distributions, c),
        managementFees: moneyJson(statement.managementFees, c),
        gainsLosses: moneyJson(statement.gainsLosses, c),
        endingBalance: moneyJson(statement.ending, c),
        commitment: moneyJson(statement.commitment, c),
        paidIn: moneyJson(statement.paidIn, c),
        calledUnpaid: moneyJson(statement.calledUnpaid, c),
        unfundedCommitment: moneyJson(statement.unfunded, c),
      },
    };
  }

  /**
   * A mother fund's share of its sub-funds' investments as of a date: every fund of this ledger that
   * has it as a partner (of kind fund) and in which it had a commitment by then, by sub-fund id, pro
   * rata to its share of the sub-fund's paid-in capital (figures/look-through.ts). A fund that holds
   * no sub-fund gets none: that is an answer, not an error.
   *
   * Scope is checked on the mother fund only: its manager must see its share of its sub-funds
   * though its token names only the mother fund, and what it sees of a sub-fund (names, paid-in,
   * the investments' targets and remaining costs) is what a partner of that sub-fund is owed.
   */
  async lookThrough(caller: Caller, request: GetLookThroughRequestJson): Promise<GetLookThroughResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf, { required: false }) ?? today();
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    assertFundExisted(fund, asOf, 'asOf');
    const subFunds = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const found: { json: LookThroughSubFundJson; total: { currency: string; minor: bigint } }[] = [];
      for (const sub of await this.reports.subFundsOf(tx, fund.id)) {
        const investments = (await this.reports.holdings(tx, sub.id)).map((row) => ({
          investmentId: row.id,
          targetKind: row.target_kind,
          targetId: row.target_id,
          form: row.form,
        }));
        const balances = await this.balances.asOfMap(tx, sub.id, asOf);
        const look = subFundLookThrough({ balances, partnerIds: sub.partner_ids, investments });
        if (look.commitment <= 0n) continue;
        const c = sub.currency;
        const json: LookThroughSubFundJson = {
          subFundId: sub.id,
          nameZh: sub.name_zh,
          nameEn: sub.name_en,
          partnerIds: sub.partner_ids,
          paidIn: moneyJson(look.paidIn, c),
          totalPaidIn: moneyJson(look.totalPaidIn, c),
          share: look.share ?? '',
          investments: look.lines.map((line) => ({
            investmentId: line.investmentId,
            targetKind: line.targetKind,
            targetId: line.targetId,
            form: line.form,
            remainingCost: moneyJson(line.remainingCost, c),
            lookThrough: moneyJson(line.lookThrough, c),
          })),
          remainingCost: moneyJson(look.remainingCost, c),
          lookThrough: moneyJson(look.lookThrough, c),
        };
        found.push({ json, total: { currency: c, minor: look.lookThrough } });
      }
      return found;
    });
    return {
      fundId: fund.id,
      asOf,
      subFunds: subFunds.map((sub) => sub.json),
      totals: totalsByCurrency(subFunds.map((sub) => sub.total)).map((total) => moneyJson(total.minor, total.currency)),
    };
  }
}
