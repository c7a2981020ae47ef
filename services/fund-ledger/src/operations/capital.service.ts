import { Injectable } from '@nestjs/common';
import {
  type CallCapitalRequestJson,
  type CallCapitalResponseJson,
  type ChargeFeeRequestJson,
  type ChargeFeeResponseJson,
  type DistributeRequestJson,
  type DistributeResponseJson,
  type ListOverdueRequestJson,
  type ListOverdueResponseJson,
  type ReceiveContributionRequestJson,
  type ReceiveContributionResponseJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid, Money, uuidv7 } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { FundsService } from '../funds/funds.service';
import { PartnersRepository, type PartnerRow } from '../funds/partners.repository';
import { BalancesRepository } from '../journal/balances.repository';
import { entryMessage, FundWrites, type FundWrite } from '../journal/fund-writes';
import { account } from '../ledger/accounts';
import { allocate } from '../ledger/allocation';
import { checkAmount, inFundCurrency, moneyJson } from '../ledger/amounts';
import { today } from '../reports/report-dates';
import { type Posting } from '../ledger/journal-entry';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { limitExceeded } from '../ledger/limits';
import { CapitalRepository } from './capital.repository';

/** Money in from the partners and out to them: calls, contributions, distributions, fees. */
@Injectable()
export class CapitalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: FundWrites,
    private readonly funds: FundsService,
    private readonly partners: PartnersRepository,
    private readonly capital: CapitalRepository,
    private readonly balances: BalancesRepository,
  ) {}

  /** Calls a total, split over the partners' unfunded commitments by the largest remainder. */
  async call(caller: Caller, request: CallCapitalRequestJson): Promise<CallCapitalResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const total = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const due = check.date('dueOn', request.dueOn) ?? '';
    if (on !== '' && due !== '' && due < on) check.fail('dueOn', 'after-call', 'dueOn is on or after effectiveOn');
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const amount = inFundCurrency(total, write.fund.currency, 'amount');
      const partners = await this.partners.list(write.tx, write.fund.id);
      const unfunded = await this.balances.of(
        write.tx,
        write.fund.id,
        partners.map((p) => account.unfunded(p.id)),
      );
      const claims = partners.map((p) => ({ key: p.id, weight: unfunded.get(account.unfunded(p.id)) ?? 0n }));
      const left = claims.reduce((sum, claim) => sum + claim.weight, 0n);
      if (amount > left)
        throw limitExceeded(
          'unfunded-commitment',
          `the partners' unfunded commitments total ${Money.ofMinor(left, write.fund.currency).toString()}`,
        );
      const shares = allocate(amount, claims);
      const currency = write.fund.currency;
      const postings: Posting[] = [...shares]
        .filter(([, share]) => share > 0n)
        .flatMap(([partnerId, share]) => [
          { account: account.receivable(partnerId), amount: share, currency },
          { account: account.unfunded(partnerId), amount: -share, currency },
        ]);
      const entry = write.entry({ operation: 'call', effectiveOn: on, postings, memo: `capital call due ${due}` });
      const call = {
        id: uuidv7(),
        fundId: write.fund.id,
        calledOn: on,
        dueOn: due,
        amount: moneyJson(amount, currency),
        shares: [...shares].map(([partnerId, share]) => ({ partnerId, amount: moneyJson(share, currency) })),
        entryId: entry.id ?? '',
      };
      write.statements.push(...this.capital.insertCall({ ...call, entryId: call.entryId, amount, shares }));
      write.emit('parkledger.fund.capital-called.v1', {
        call: {
          ...call,
          amount: { minorUnits: amount, currency },
          shares: [...shares].map(([partnerId, share]) => ({ partnerId, amount: { minorUnits: share, currency } })),
        },
        entry: entryMessage(entry),
      });
      return { call, entry };
    });
  }

  /** A partner pays (some of) its share of a call: never more than it still owes on it. */
  async receive(caller: Caller, request: ReceiveContributionRequestJson): Promise<ReceiveContributionResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const paid = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const callId = request.callId ?? '';
    const partnerId = request.partnerId ?? '';
    if (!isUuid(callId)) check.fail('callId', 'uuid', 'callId is the id of a capital call');
    if (!isUuid(partnerId)) check.fail('partnerId', 'uuid', 'partnerId is the id of a partner');
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const amount = inFundCurrency(paid, write.fund.currency, 'amount');
      const share = await this.capital.share(write.tx, write.fund.id, callId, partnerId);
      if (share === undefined) {
        throw new LedgerError(
          LedgerErrorCode.CallNotFound,
          ErrorKind.NotFound,
          `the fund has no capital call ${callId} with a share for partner ${partnerId}`,
        );
      }
      const owed = share.amount - share.received;
      if (amount > owed) {
        throw limitExceeded(
          'called-capital',
          `the partner owes ${Money.ofMinor(owed, write.fund.currency).toString()} on this call`,
        );
      }
      const currency = write.fund.currency;
      const entry = write.entry({
        operation: 'contribution',
        effectiveOn: on,
        postings: [
          { account: account.cash, amount, currency },
          { account: account.receivable(partnerId), amount: -amount, currency },
        ],
      });
      write.statements.push(this.capital.insertContribution({ entryId: entry.id ?? '', callId, partnerId, amount }));
      write.emit('parkledger.fund.contribution-received.v1', {
        callId,
        partnerId,
        amount: { minorUnits: amount, currency },
        entry: entryMessage(entry),
      });
      return { entry };
    });
  }

  async overdue(caller: Caller, request: ListOverdueRequestJson): Promise<ListOverdueResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf, { required: false }) ?? today();
    check.done();
    const fund = await this.funds.visible(caller, request.fundId ?? '');
    const rows = await this.capital.overdue(this.dataSource.manager, fund.id, asOf);
    return {
      asOf,
      overdue: rows.map((row) => ({
        callId: row.call_id,
        partnerId: row.partner_id,
        dueOn: row.due_on,
        called: moneyJson(BigInt(row.called), fund.currency),
        received: moneyJson(BigInt(row.received), fund.currency),
        outstanding: moneyJson(BigInt(row.called) - BigInt(row.received), fund.currency),
      })),
    };
  }

  /** Pays out to the partners: pro rata to paid-in capital by the largest remainder, or as given. */
  async distribute(caller: Caller, request: DistributeRequestJson): Promise<DistributeResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const total = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const given = (request.shares ?? []).map((share, i) => ({
      partnerId: share.partnerId ?? '',
      amount: checkAmount(check, `shares[${i}].amount`, share.amount, 'non-negative'),
    }));
    check.done();
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const currency = write.fund.currency;
      const amount = inFundCurrency(total, currency, 'amount');
      const partners = await this.partners.list(write.tx, write.fund.id);
      const shares =
        given.length === 0
          ? allocate(amount, await this.paidIn(write, partners))
          : this.givenShares(given, partners, amount, currency);
      const postings: Posting[] = [
        ...[...shares]
          .filter(([, share]) => share > 0n)
          .map(([partnerId, share]) => ({ account: account.distributed(partnerId), amount: share, currency })),
        { account: account.cash, amount: -amount, currency },
      ];
      const entry = write.entry({ operation: 'distribute', effectiveOn: on, postings });
      write.emit('parkledger.fund.distribution-made.v1', {
        shares: [...shares].map(([partnerId, share]) => ({ partnerId, amount: { minorUnits: share, currency } })),
        entry: entryMessage(entry),
      });
      return {
        shares: [...shares].map(([partnerId, share]) => ({ partnerId, amount: moneyJson(share, currency) })),
        entry,
      };
    });
  }

  async fee(caller: Caller, request: ChargeFeeRequestJson): Promise<ChargeFeeResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const charged = checkAmount(check, 'amount', request.amount, 'positive');
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const memo = check.text('memo', request.memo, { required: false });
    check.done();
    return this.writes.run(caller, request.fundId ?? '', (write) => {
      const currency = write.fund.currency;
      const amount = inFundCurrency(charged, currency, 'amount');
      const entry = write.entry({
        operation: 'fee',
        effectiveOn: on,
        memo: memo === '' ? 'management fee' : memo,
        postings: [
          { account: account.fees, amount, currency },
          { account: account.cash, amount: -amount, currency },
        ],
      });
      write.emit('parkledger.fund.fee-charged.v1', { entry: entryMessage(entry) });
      return { entry };
    });
  }

  /** Each partner's paid-in capital: its commitment less what is unfunded and what is called but unpaid. */
  private async paidIn(write: FundWrite, partners: readonly PartnerRow[]) {
    const balances = await this.balances.of(
      write.tx,
      write.fund.id,
      partners.flatMap((p) => [account.unfunded(p.id), account.receivable(p.id)]),
    );
    return partners.map((p) => ({
      key: p.id,
      weight:
        BigInt(p.commitment) -
        (balances.get(account.unfunded(p.id)) ?? 0n) -
        (balances.get(account.receivable(p.id)) ?? 0n),
    }));
  }

  private givenShares(
    given: readonly { partnerId: string; amount: { minor: bigint; currency: string } }[],
    partners: readonly PartnerRow[],
    amount: bigint,
    currency: string,
  ): Map<string, bigint> {
    const known = new Set(partners.map((p) => p.id));
    const shares = new Map<string, bigint>();
    given.forEach((share, i) => {
      const field = `shares[${i}]`;
      if (!known.has(share.partnerId) || shares.has(share.partnerId)) {
        const message = `${field}.partnerId names no partner of the fund, or one named twice`;
        throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: `${field}.partnerId`, rule: 'partner', message },
        ]);
      }
      if (share.amount.currency !== currency) {
        const message = `${field}.amount must be in the fund's currency ${currency}`;
        throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: `${field}.amount`, rule: 'fund-currency', message },
        ]);
      }
      shares.set(share.partnerId, share.amount.minor);
    });
    const sum = [...shares.values()].reduce((a, b) => a + b, 0n);
    if (sum !== amount) {
      const message = `the shares sum to ${sum} minor units, not the amount ${amount}`;
      throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
        { field: 'shares', rule: 'sum-to-amount', message },
      ]);
    }
    return shares;
  }
}
