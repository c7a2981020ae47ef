import { Inject, Injectable } from '@nestjs/common';
import {
  FUND_KINDS,
  PARTNER_KINDS,
  PARTNER_ROLES,
  type ChangeCommitmentRequestJson,
  type ChangeCommitmentResponseJson,
  type ClosePeriodRequestJson,
  type CommitPartnerRequestJson,
  type CommitPartnerResponseJson,
  type FundJson,
  type ListFundsRequestJson,
  type ListFundsResponseJson,
  type PartnerJson,
  type RegisterFundRequestJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { ErrorKind, isCurrency, isUuid, uuidv7 } from '@parkledger/platform';
import { FieldCheck, once, pageOf, pageRequest, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { LEDGER_OUTBOX } from '../config/tokens';
import { entryMessage, FundWrites } from '../journal/fund-writes';
import { account } from '../ledger/accounts';
import { checkAmount, inFundCurrency } from '../ledger/amounts';
import { today } from '../reports/report-dates';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { assertFundRegistrar, fundNotFound, fundScopeOf, seesFund } from './fund-access';
import { fundJson, FundsRepository, type FundRow } from './funds.repository';
import { partnerJson, PartnersRepository } from './partners.repository';

/** Funds, their partners and commitments, and the close of their books. */
@Injectable()
export class FundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsRepository,
    private readonly partners: PartnersRepository,
    private readonly writes: FundWrites,
    @Inject(LEDGER_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async register(caller: Caller, request: RegisterFundRequestJson): Promise<FundJson> {
    assertFundRegistrar(caller);
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const row: FundRow = {
      id: uuidv7(),
      name_zh: check.text('nameZh', request.nameZh),
      name_en: check.text('nameEn', request.nameEn),
      kind: check.oneOf('kind', request.kind, FUND_KINDS),
      currency: request.currency ?? '',
      manager: check.text('manager', request.manager),
      vintage_on: check.date('vintageOn', request.vintageOn) ?? '',
      region: request.regionParkIds ?? [],
      closed_through: null,
      version: '1',
      registered_at: new Date().toISOString(),
    };
    if (!isCurrency(row.currency)) check.fail('currency', 'currency', `currency must be a supported ISO 4217 code`);
    row.region.forEach((id, i) => {
      if (!isUuid(id)) check.fail(`regionParkIds[${i}]`, 'uuid', 'a park id is a UUID');
    });
    check.done();
    return once(this.dataSource, caller, (_tx, writes) => {
      const fund = fundJson(row);
      writes.push(
        this.funds.insert(row),
        this.outbox.statement([
          {
            type: 'parkledger.fund.registered.v1',
            aggregateId: row.id,
            aggregateVersion: 1,
            payload: { fund: { ...fund, version: 1n } },
          },
        ]),
      );
      return Promise.resolve(fund);
    });
  }

  async get(caller: Caller, id: string): Promise<FundJson> {
    return fundJson(await this.visible(caller, id));
  }

  async list(caller: Caller, request: ListFundsRequestJson): Promise<ListFundsResponseJson> {
    const page = pageRequest(request.page);
    const only = fundScopeOf(caller);
    const rows = await this.funds.list(
      this.dataSource.manager,
      { ...(request.kind ? { kind: request.kind } : {}), ...(only === undefined ? {} : { only }) },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { funds: items.map(fundJson), nextCursor };
  }

  async commitPartner(caller: Caller, request: CommitPartnerRequestJson): Promise<CommitPartnerResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const name = check.text('name', request.name).trim();
    const kind = check.oneOf('kind', request.kind, PARTNER_KINDS);
    const role = check.oneOf('role', request.role, PARTNER_ROLES);
    const partnerFundId = request.partnerFundId ?? '';
    if (kind === 'fund' && !isUuid(partnerFundId))
      check.fail('partnerFundId', 'required', 'a partner of kind fund names the committing fund (partnerFundId)');
    if (kind !== 'fund' && partnerFundId !== '')
      check.fail('partnerFundId', 'only-for-fund', 'partnerFundId is only for a partner of kind fund');
    const commitment = checkAmount(check, 'commitment', request.commitment, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    const fundId = request.fundId ?? '';
    return this.writes.run(caller, fundId, async (write) => {
      const amount = inFundCurrency(commitment, write.fund.currency, 'commitment');
      if (partnerFundId !== '') {
        // a fund the caller can't see answers as a missing one: no telling which funds exist
        const known =
          partnerFundId !== fundId &&
          seesFund(caller, partnerFundId) &&
          (await this.funds.find(write.tx, partnerFundId)) !== undefined;
        if (!known) {
          const message = `partnerFundId names no other fund of this ledger that you manage`;
          throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
            { field: 'partnerFundId', rule: 'known-fund', message },
          ]);
        }
      }
      if (await this.partners.nameTaken(write.tx, fundId, name)) {
        throw new LedgerError(
          LedgerErrorCode.PartnerExists,
          ErrorKind.Conflict,
          `the fund has a partner named ${name}`,
          [{ field: 'name', rule: 'unique', message: 'a fund has one partner of a name' }],
        );
      }
      const row = {
        id: uuidv7(),
        fund_id: fundId,
        name,
        kind,
        role,
        partner_fund_id: partnerFundId === '' ? null : partnerFundId,
        commitment: amount.toString(),
        currency: write.fund.currency,
      };
      write.statements.push(this.partners.insert(row));
      const entry = write.entry({
        operation: 'commit',
        effectiveOn: on,
        memo: `${name} commits`,
        postings: [
          { account: account.unfunded(row.id), amount, currency: row.currency },
          { account: account.commitment(row.id), amount: -amount, currency: row.currency },
        ],
      });
      const partner = partnerJson(row);
      write.emit('parkledger.fund.partner-committed.v1', {
        partner: { ...partner, commitment: { minorUnits: amount, currency: row.currency } },
        change: { minorUnits: amount, currency: row.currency },
        entry: entryMessage(entry),
      });
      return { partner, entry };
    });
  }

  async changeCommitment(caller: Caller, request: ChangeCommitmentRequestJson): Promise<ChangeCommitmentResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const change = checkAmount(check, 'change', request.change, 'non-zero');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    const fundId = request.fundId ?? '';
    return this.writes.run(caller, fundId, async (write) => {
      const delta = inFundCurrency(change, write.fund.currency, 'change');
      const before = await this.partner(write.tx, fundId, request.partnerId ?? '');
      const currency = write.fund.currency;
      // a cut credits the unfunded commitment: the database refuses one below what has been called
      const entry = write.entry({
        operation: 'commit',
        effectiveOn: on,
        memo: `${before.name} ${delta > 0n ? 'raises' : 'cuts'} its commitment`,
        postings: [
          { account: account.unfunded(before.id), amount: delta, currency },
          { account: account.commitment(before.id), amount: -delta, currency },
        ],
      });
      const after = { ...before, commitment: (BigInt(before.commitment) + delta).toString() };
      const partner = partnerJson(after);
      write.emit('parkledger.fund.partner-committed.v1', {
        partner: { ...partner, commitment: { minorUnits: BigInt(after.commitment), currency } },
        change: { minorUnits: delta, currency },
        entry: entryMessage(entry),
      });
      return { partner, entry };
    });
  }

  async listPartners(caller: Caller, fundId: string): Promise<PartnerJson[]> {
    await this.visible(caller, fundId);
    return (await this.partners.list(this.dataSource.manager, fundId)).map(partnerJson);
  }

  async closePeriod(caller: Caller, request: ClosePeriodRequestJson): Promise<FundJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const through = check.date('through', request.through) ?? '';
    if (through > today()) check.fail('through', 'not-future', 'the books can be closed through today at the latest');
    check.done();
    return this.writes.run(caller, request.fundId ?? '', (write) => {
      const closed = write.fund.closed_through;
      if (closed !== null && through <= closed) {
        throw new LedgerError(
          LedgerErrorCode.PeriodClosed,
          ErrorKind.Conflict,
          `the books are already closed through ${closed}; a close moves forward only`,
          [{ field: 'through', rule: 'after-last-close', message: `after ${closed}` }],
        );
      }
      write.statements.push(...this.funds.closeThrough(write.fund.id, through));
      write.emit('parkledger.fund.period-closed.v1', { fundId: write.fund.id, closedThrough: through });
      return fundJson({ ...write.fund, closed_through: through });
    });
  }

  /** The fund, when the caller may see it; a 404 otherwise, the same as for a missing one. */
  async visible(caller: Caller, id: string): Promise<FundRow> {
    if (!isUuid(id) || !seesFund(caller, id)) throw fundNotFound(id);
    const row = await this.funds.find(this.dataSource.manager, id);
    if (row === undefined) throw fundNotFound(id);
    return row;
  }

  private async partner(tx: Parameters<PartnersRepository['find']>[0], fundId: string, id: string) {
    const row = isUuid(id) ? await this.partners.find(tx, fundId, id) : undefined;
    if (row === undefined)
      throw new LedgerError(LedgerErrorCode.PartnerNotFound, ErrorKind.NotFound, `the fund has no partner ${id}`);
    return row;
  }
}
