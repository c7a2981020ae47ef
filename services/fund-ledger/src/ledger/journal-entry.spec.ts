import fc from 'fast-check';
import { DomainError } from '@parkledger/platform';
import { assertBalanced, reversalOf, type Posting } from './journal-entry';

const codeOf = (run: () => void): string => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? `${error.code}: ${error.message}` : 'not a DomainError';
  }
  return 'balanced';
};

describe('a journal entry', () => {
  const contribution: Posting[] = [
    { account: 'cash', amount: 75_000_000_000n, currency: 'CNY' },
    { account: 'partner:yankuang:unpaid-calls', amount: -75_000_000_000n, currency: 'CNY' },
  ];

  it('balances when debits equal credits in each currency', () => {
    expect(codeOf(() => assertBalanced(contribution))).toBe('balanced');
    expect(
      codeOf(() =>
        assertBalanced([
          ...contribution,
          { account: 'cash', amount: 100n, currency: 'USD' },
          { account: 'fx', amount: -100n, currency: 'USD' },
        ]),
      ),
    ).toBe('balanced');
  });

  it('is refused when a currency does not balance, naming it and by how much', () => {
    expect(
      codeOf(() =>
        assertBalanced([
          ...contribution,
          { account: 'cash', amount: 1n, currency: 'CNY' },
          { account: 'x', amount: -2n, currency: 'USD' },
        ]),
      ),
    ).toBe('ledger-unbalanced: the entry does not balance: CNY debits exceed by 1; USD credits exceed by 2');
  });

  it('is refused with fewer than two postings or a posting of 0', () => {
    expect(codeOf(() => assertBalanced([]))).toBe('ledger-invalid: an entry has at least two postings');
    expect(codeOf(() => assertBalanced([...contribution, { account: 'fee', amount: 0n, currency: 'CNY' }]))).toBe(
      'ledger-invalid: a posting of 0 moves nothing',
    );
  });

  it('is undone by its reversal: together they leave every account where it was', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.constantFrom('cash', 'fee', 'investment'),
            amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (debits) => {
          const total = debits.reduce((sum, debit) => sum + debit.amount, 0n);
          const entry: Posting[] = [
            ...debits.map((debit) => ({ ...debit, currency: 'CNY' })),
            { account: 'partner', amount: -total, currency: 'CNY' },
          ];
          assertBalanced(entry);
          const reversal = reversalOf(entry);
          assertBalanced(reversal);
          const net = new Map<string, bigint>();
          for (const { account, amount } of [...entry, ...reversal])
            net.set(account, (net.get(account) ?? 0n) + amount);
          expect([...net.values()].every((amount) => amount === 0n)).toBe(true);
        },
      ),
    );
  });
});
