import { Injectable } from '@nestjs/common';
import {
  isPolicyKey,
  type GetPolicyBudgetBalancesRequestJson,
  type GetPolicyBudgetBalancesResponseJson,
  type ListPolicyBudgetJournalRequestJson,
  type ListPolicyBudgetJournalResponseJson,
  type PolicyBudgetEntryJson,
} from '@parkledger/contracts';
import { FieldCheck, pageOf, pageRequest, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { budgetFigures } from '../figures/budget-figures';
import { moneyJson } from '../ledger/amounts';
import { LedgerErrorCode } from '../ledger/ledger.errors';
import { policyBooksNotFound, seesPolicyBooks } from './policy-books-access';
import { PolicyBooksRepository, type BudgetEntryRow } from './policy-books.repository';

/** What a policy's budget books say: the balances as of a date, and the journal. */
@Injectable()
export class PolicyBooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly books: PolicyBooksRepository,
  ) {}

  /** Committed, payable, paid out, recaptured and net paid per currency, as of a date or as they stand. */
  async balances(
    caller: Caller,
    request: GetPolicyBudgetBalancesRequestJson,
  ): Promise<GetPolicyBudgetBalancesResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const policy = this.policyOf(check, request.policy);
    const asOf = check.date('asOf', request.asOf, { required: false });
    check.done();
    if (!seesPolicyBooks(caller, policy)) throw policyBooksNotFound(policy);
    const rows = await this.books.sums(this.dataSource.manager, policy, asOf);
    if (rows.length === 0) throw policyBooksNotFound(policy);
    return {
      policy,
      asOf: asOf ?? '',
      books: rows.map((row) => {
        const figures = budgetFigures({
          committed: BigInt(row.committed),
          payable: BigInt(row.payable),
          cash: BigInt(row.cash),
          recaptured: BigInt(row.recaptured),
        });
        const c = row.currency;
        return {
          currency: c,
          committed: moneyJson(figures.committed, c),
          payable: moneyJson(figures.payable, c),
          paidOut: moneyJson(figures.paidOut, c),
          recaptured: moneyJson(figures.recaptured, c),
          netPaid: moneyJson(figures.netPaid, c),
        };
      }),
    };
  }

  /** Every entry of the policy's books, oldest first, a page at a time. */
  async journal(
    caller: Caller,
    request: ListPolicyBudgetJournalRequestJson,
  ): Promise<ListPolicyBudgetJournalResponseJson> {
    const page = pageRequest(request.page);
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const policy = this.policyOf(check, request.policy);
    check.done();
    if (!seesPolicyBooks(caller, policy)) throw policyBooksNotFound(policy);
    const executor = this.dataSource.manager;
    const rows = await this.books.journal(executor, policy, page);
    if (rows.length === 0 && !(await this.books.exists(executor, policy))) throw policyBooksNotFound(policy);
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { entries: items.map(budgetEntryJson), nextCursor };
  }

  private policyOf(check: FieldCheck, policy: string | undefined): string {
    const key = policy ?? '';
    if (!isPolicyKey(key))
      check.fail('policy', 'policy-key', 'policy must be a policy key, e.g. jinan-2019-biomedical');
    return key;
  }
}

export const budgetEntryJson = (row: BudgetEntryRow): PolicyBudgetEntryJson => ({
  id: row.id,
  policy: row.policy,
  effectiveOn: row.effective_on,
  recordedAt: row.recorded_at,
  operation: row.operation,
  awardId: row.award_id ?? '',
  sourceEventId: row.source_event ?? '',
  memo: row.memo,
  postings: row.postings.map((p) => ({ account: p.account, amount: { minorUnits: p.amount, currency: p.currency } })),
});
