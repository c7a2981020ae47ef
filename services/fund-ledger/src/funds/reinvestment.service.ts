import { Injectable } from '@nestjs/common';
import {
  type GetReinvestmentReportRequestJson,
  type GetReinvestmentReportResponseJson,
  type ReinvestmentRequirementJson,
  type StateReinvestmentRequirementRequestJson,
  type StateReinvestmentRequirementResponseJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { parseRatio, ratioText, reinvestmentFigures } from '../figures/reinvestment';
import { FundWrites } from '../journal/fund-writes';
import { BalancesRepository } from '../journal/balances.repository';
import { account } from '../ledger/accounts';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { assertFundExisted, today } from '../reports/report-dates';
import { moneyJson } from '../ledger/amounts';
import { FundsService } from './funds.service';
import { PartnersRepository } from './partners.repository';
import { ReinvestmentRepository, type RequirementRow } from './reinvestment.repository';

const requirementJson = (row: RequirementRow): ReinvestmentRequirementJson => ({
  regionParkIds: row.region,
  ratio: row.ratio,
  partnerId: row.partner_id,
  effectiveOn: row.effective_on,
});
const WHY = {
  project: 'project in the region',
  settlement: 'enterprise settled in the region on the investment date',
  none: 'outside the region',
} as const;

/**
 * A guidance fund's re-investment requirement (返投): what it invests in its region, park subtrees,
 * must reach a ratio of a partner's commitment (typically the government's). The report says what
 * counts (a project located in the region, an enterprise settled there on the investment date, as the
 * registry's and pipeline's events tell the ledger) and what is short.
 */
@Injectable()
export class ReinvestmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: FundWrites,
    private readonly funds: FundsService,
    private readonly partners: PartnersRepository,
    private readonly balances: BalancesRepository,
    private readonly requirements: ReinvestmentRepository,
  ) {}

  async state(
    caller: Caller,
    request: StateReinvestmentRequirementRequestJson,
  ): Promise<StateReinvestmentRequirementResponseJson> {
    const given = request.requirement ?? {};
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const region = given.regionParkIds ?? [];
    if (region.length === 0) check.fail('regionParkIds', 'required', 'a region is one park subtree or more');
    region.forEach((id, i) => {
      if (!isUuid(id)) check.fail(`regionParkIds[${i}]`, 'uuid', 'a park id is a UUID');
    });
    const fraction = parseRatio(given.ratio ?? '');
    if (fraction === undefined) {
      check.fail('ratio', 'ratio', 'ratio is a decimal above 0 with at most 4 places, e.g. "1.2"');
    }
    const partnerId = given.partnerId ?? '';
    if (!isUuid(partnerId)) check.fail('partnerId', 'uuid', 'partnerId is the id of a partner of the fund');
    const on = check.date('effectiveOn', given.effectiveOn) ?? '';
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      if ((await this.partners.find(write.tx, write.fund.id, partnerId)) === undefined) {
        throw new LedgerError(
          LedgerErrorCode.PartnerNotFound,
          ErrorKind.NotFound,
          `the fund has no partner ${partnerId}`,
        );
      }
      const row: RequirementRow = {
        id: uuidv7(),
        region: [...new Set(region)],
        ratio: ratioText(fraction as NonNullable<typeof fraction>),
        partner_id: partnerId,
        effective_on: on,
      };
      write.statements.push(this.requirements.insert(write.fund.id, row));
      const requirement = requirementJson(row);
      write.emit('parkledger.fund.reinvestment-required.v1', { fundId: write.fund.id, requirement });
      return { requirement };
    });
  }

  async report(caller: Caller, request: GetReinvestmentReportRequestJson): Promise<GetReinvestmentReportResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf, { required: false }) ?? today();
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    assertFundExisted(fund, asOf, 'asOf');
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const requirement = await this.requirements.current(tx, fund.id, asOf);
      if (requirement === undefined) {
        const message = `the fund states no re-investment requirement on or before ${asOf}`;
        throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: 'asOf', rule: 'requirement-stated', message },
        ]);
      }
      const balances = await this.balances.asOf(tx, fund.id, asOf, account.commitment(requirement.partner_id));
      const commitment = -balances.reduce((sum, row) => sum + BigInt(row.balance), 0n);
      const lines = await this.requirements.lines(tx, fund.id, asOf, requirement.region);
      const counted = lines
        .filter((line) => line.counts_as !== null)
        .reduce((sum, line) => sum + BigInt(line.cost), 0n);
      const figures = reinvestmentFigures(
        commitment,
        parseRatio(requirement.ratio) ?? { numerator: 0n, denominator: 1n },
        counted,
      );
      const c = fund.currency;
      return {
        asOf,
        requirement: requirementJson(requirement),
        commitment: moneyJson(commitment, c),
        required: moneyJson(figures.required, c),
        counted: moneyJson(figures.counted, c),
        shortfall: moneyJson(figures.shortfall, c),
        achievedRatio: figures.achieved ?? '',
        investments: lines.map((line) => ({
          investmentId: line.id,
          targetKind: line.target_kind,
          targetId: line.target_id,
          madeOn: line.made_on,
          cost: moneyJson(BigInt(line.cost), c),
          counts: line.counts_as !== null,
          why: line.counts_as === 'project' ? WHY.project : line.counts_as === 'settlement' ? WHY.settlement : WHY.none,
        })),
      };
    });
  }
}
