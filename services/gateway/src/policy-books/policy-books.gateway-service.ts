import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { FUND_LEDGER_CLIENT } from '../grpc/clients.tokens';
import { type FundLedgerClient } from '../grpc/fund-ledger.client';
import { nextCursor } from '../http/views';
import { type PolicyBooksQuery, type PolicyJournalQuery } from './policy-books.dto';
import {
  policyBooksView,
  policyBudgetEntryView,
  type PolicyBooksView,
  type PolicyJournalPage,
} from './policy-books.views';
import { pageJson } from '../http/dto';

/** A policy's budget books over REST: the fund ledger keeps them, posted from the award events. */
@Injectable()
export class PolicyBooksGatewayService {
  constructor(@Inject(FUND_LEDGER_CLIENT) private readonly ledger: FundLedgerClient) {}

  async balances(caller: GatewayCaller, policy: string, query: PolicyBooksQuery): Promise<PolicyBooksView> {
    return policyBooksView(
      await this.ledger.call('GetPolicyBudgetBalances', caller, { policy, asOf: query.asOf ?? '' }),
    );
  }

  async journal(caller: GatewayCaller, policy: string, query: PolicyJournalQuery): Promise<PolicyJournalPage> {
    const { entries, nextCursor: cursor } = await this.ledger.call('ListPolicyBudgetJournal', caller, {
      policy,
      page: pageJson(query),
    });
    return { items: (entries ?? []).map(policyBudgetEntryView), nextCursor: nextCursor(cursor) };
  }
}
