import fc from 'fast-check';
import { DomainError } from '@parkledger/platform';
import { allocate, type Claim } from './allocation';

const claims = fc.uniqueArray(
  fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.bigInt({ min: 0n, max: 10n ** 13n }) }),
  { minLength: 1, maxLength: 12, selector: (claim) => claim.key },
);
const total = fc.bigInt({ min: 0n, max: 10n ** 15n });
const weighted = (list: Claim[]) => list.some((claim) => claim.weight > 0n);

describe('allocation by the largest remainder', () => {
  it('splits a capital call over unfunded commitments exactly, the odd units to the largest remainders', () => {
    // 100.00 over three equal commitments: 33.34, 33.33, 33.33, the extra cent by key order
    const shares = allocate(10_000n, [
      { key: 'qiaobei', weight: 1n },
      { key: 'yankuang', weight: 1n },
      { key: 'shanlan', weight: 1n },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ qiaobei: 3_334n, shanlan: 3_333n, yankuang: 3_333n });
    // 1,000.00 over 1,200 / 600 / 200: exact
    expect([
      ...allocate(100_000n, [
        { key: 'a', weight: 1_200n },
        { key: 'b', weight: 600n },
        { key: 'c', weight: 200n },
      ]).values(),
    ]).toEqual([60_000n, 30_000n, 10_000n]);
    // 10 units over 3 / 3 / 1: exact shares 4.29, 4.29, 1.43; the unit left goes to the largest remainder, .43
    expect(
      Object.fromEntries(
        allocate(10n, [
          { key: 'a', weight: 3n },
          { key: 'b', weight: 3n },
          { key: 'c', weight: 1n },
        ]),
      ),
    ).toEqual({
      a: 4n,
      b: 4n,
      c: 2n,
    });
  });

  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(total, claims, (amount, list) => {
        fc.pre(weighted(list));
        const sum = [...allocate(amount, list).values()].reduce((a, b) => a + b, 0n);
        expect(sum).toBe(amount);
      }),
    );
  });

  it('gives each claim its exact share rounded down or up, and nothing to a claim of weight 0', () => {
    fc.assert(
      fc.property(total, claims, (amount, list) => {
        fc.pre(weighted(list));
        const sum = list.reduce((a, claim) => a + claim.weight, 0n);
        const shares = allocate(amount, list);
        for (const claim of list) {
          const floor = (amount * claim.weight) / sum;
          const share = shares.get(claim.key) ?? -1n;
          expect(share === floor || share === floor + 1n).toBe(true);
          if (claim.weight === 0n) expect(share).toBe(0n);
        }
      }),
    );
  });

  it('does not depend on the order of the claims (ties break by key)', () => {
    const withPermutation = claims.chain((list) =>
      fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
    );
    fc.assert(
      fc.property(total, withPermutation, (amount, [list, shuffled]) => {
        fc.pre(weighted(list));
        expect(allocate(amount, shuffled)).toEqual(allocate(amount, list));
      }),
    );
  });

  it('refuses a negative total or weight, a claimant twice, and a positive total over nothing', () => {
    const code = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return error instanceof DomainError ? String(error.code) : 'not a DomainError';
      }
      return 'no error';
    };
    expect(code(() => allocate(-1n, [{ key: 'a', weight: 1n }]))).toBe('ledger-invalid');
    expect(code(() => allocate(1n, [{ key: 'a', weight: -1n }]))).toBe('ledger-invalid');
    expect(
      code(() =>
        allocate(1n, [
          { key: 'a', weight: 1n },
          { key: 'a', weight: 2n },
        ]),
      ),
    ).toBe('ledger-invalid');
    expect(code(() => allocate(1n, [{ key: 'a', weight: 0n }]))).toBe('ledger-nothing-to-allocate');
    expect(Object.fromEntries(allocate(0n, [{ key: 'a', weight: 0n }]))).toEqual({ a: 0n });
  });
});
