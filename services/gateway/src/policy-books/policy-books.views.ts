import { ApiProperty } from '@nestjs/swagger';
import {
  type GetPolicyBudgetBalancesResponseJson,
  type PolicyBudgetBalanceJson,
  type PolicyBudgetEntryJson,
} from '@parkledger/contracts';
import { PostingView } from '../funds/fund.views';
import { MoneyView, moneyView, orNull } from '../http/views';

export class PolicyBudgetBalanceView {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ type: MoneyView, description: 'granted, less what revocations released' }) committed!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'granted and neither paid nor released' }) payable!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'paid out, gross: committed − payable' }) paidOut!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'clawed back after payment' }) recaptured!: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'paid out − recaptured: what the budget spent' }) netPaid!: MoneyView;
}

export class PolicyBooksView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'null: every entry' })
  asOf!: string | null;
  @ApiProperty({
    type: [PolicyBudgetBalanceView],
    description: 'one book per currency the policy’s budget or awards are in',
  })
  books!: PolicyBudgetBalanceView[];
}

export class PolicyBudgetEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({
    example: '2024-03-15',
    format: 'date',
    description:
      'the business date: a grant’s award date, a payment’s or a recapture’s own date, a revocation’s day (UTC) of recording, not before the award date',
  })
  effectiveOn!: string;
  @ApiProperty({ example: '2024-03-15T08:00:00.000Z', format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ enum: ['grant', 'pay', 'revoke', 'recapture'] }) operation!: string;
  @ApiProperty({ format: 'uuid' }) awardId!: string;
  @ApiProperty({ format: 'uuid', description: 'the awards service’s event it was posted from' })
  sourceEventId!: string;
  @ApiProperty() memo!: string;
  @ApiProperty({ type: [PostingView], description: 'they sum to zero' }) postings!: PostingView[];
}

export class PolicyJournalPage {
  @ApiProperty({ type: [PolicyBudgetEntryView] }) items!: PolicyBudgetEntryView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

export const policyBudgetBalanceView = (book: PolicyBudgetBalanceJson): PolicyBudgetBalanceView => ({
  currency: book.currency ?? '',
  committed: moneyView(book.committed),
  payable: moneyView(book.payable),
  paidOut: moneyView(book.paidOut),
  recaptured: moneyView(book.recaptured),
  netPaid: moneyView(book.netPaid),
});

export const policyBooksView = (response: GetPolicyBudgetBalancesResponseJson): PolicyBooksView => ({
  policy: response.policy ?? '',
  asOf: orNull(response.asOf),
  books: (response.books ?? []).map(policyBudgetBalanceView),
});

export const policyBudgetEntryView = (entry: PolicyBudgetEntryJson): PolicyBudgetEntryView => ({
  id: entry.id ?? '',
  policy: entry.policy ?? '',
  effectiveOn: entry.effectiveOn ?? '',
  recordedAt: entry.recordedAt ?? '',
  operation: entry.operation ?? '',
  awardId: entry.awardId ?? '',
  sourceEventId: entry.sourceEventId ?? '',
  memo: entry.memo ?? '',
  postings: (entry.postings ?? []).map((p) => ({ account: p.account ?? '', amount: moneyView(p.amount) })),
});
