import { ErrorKind } from '@parkledger/platform';
import { LedgerError, LedgerErrorCode } from './ledger.errors';

/** One line of a journal entry: an account debited (amount > 0) or credited (amount < 0), in minor units. */
export interface Posting {
  account: string;
  amount: bigint;
  currency: string;
}

/**
 * A journal entry must balance: its postings sum to zero in each currency. It has at least two
 * postings and none of 0, so every line moves money. The database checks the same at commit.
 */
export function assertBalanced(postings: readonly Posting[]): void {
  if (postings.length < 2) throw invalid('an entry has at least two postings');
  if (postings.some((posting) => posting.amount === 0n)) throw invalid('a posting of 0 moves nothing');
  const sums = new Map<string, bigint>();
  for (const { currency, amount } of postings) sums.set(currency, (sums.get(currency) ?? 0n) + amount);
  const off = [...sums].filter(([, sum]) => sum !== 0n);
  if (off.length > 0) {
    const detail = off.map(
      ([currency, sum]) => `${currency} ${sum > 0n ? 'debits' : 'credits'} exceed by ${sum < 0n ? -sum : sum}`,
    );
    throw new LedgerError(
      LedgerErrorCode.Unbalanced,
      ErrorKind.Invalid,
      `the entry does not balance: ${detail.join('; ')}`,
      [{ field: 'postings', rule: 'balanced', message: 'debits equal credits in each currency' }],
    );
  }
}

/** The entry that undoes one: the same accounts, each amount the other way. */
export const reversalOf = (postings: readonly Posting[]): Posting[] =>
  postings.map((posting) => ({ ...posting, amount: -posting.amount }));

const invalid = (message: string) =>
  new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
    { field: 'postings', rule: 'balanced', message },
  ]);
