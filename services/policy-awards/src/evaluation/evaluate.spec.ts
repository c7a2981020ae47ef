import fc from 'fast-check';
import { DomainError } from '@parkledger/platform';
import { AwardBook, jinan2019, yuan } from '../testing/jinan-2019';
import { evaluate } from './evaluate';

const none = { awards: [], budgetUsed: 0n };

describe('evaluating an application', () => {
  it('refuses an item the policy does not have, naming its items', () => {
    expect(() => evaluate(jinan2019(), { item: '8', enterprise: 'e', awardOn: '2021-01-01', facts: {} }, none)).toThrow(
      'the policy has no item "8" (its items: 1a, 1b, 1c, 1d, 2a, 2b, 2c, 3, 4a, 4b, 5a, 5b, 5c, 5d, 6, 7)',
    );
  });

  it('refuses facts the item does not declare, lacks or gets of the wrong kind, each by its field', () => {
    const attempt = (facts: Record<string, unknown>) => {
      try {
        evaluate(jinan2019(), { item: '4b', enterprise: 'e', awardOn: '2021-01-01', facts }, none);
        return [];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return error.fields.map((problem) => `${problem.field} ${problem.rule}`);
      }
    };
    expect(attempt({ project: 'p', purchaseAmount: '1.00' })).toEqual([]);
    expect(attempt({ project: 'p', purchaseAmount: 1, rank: 2 })).toEqual([
      'facts.rank known-fact',
      'facts.purchaseAmount money',
    ]);
    expect(attempt({ purchaseAmount: '1.001' })).toEqual(['facts.project required', 'facts.purchaseAmount money']);
    expect(attempt({ project: 'p', purchaseAmount: '1.00', constructor: 'x' })).toEqual([
      'facts.constructor known-fact',
    ]);
  });
});

/** One step of a policy office's day: an application for an item, a revocation or a recapture. */
type Step =
  | {
      kind: 'apply';
      item: '2a' | '3' | '4b' | '5d' | '6';
      enterprise: number;
      year: number;
      key: number;
      amount: number;
      flag: boolean;
    }
  | { kind: 'revoke'; award: number }
  | { kind: 'recapture'; award: number; share: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('apply' as const),
      item: fc.constantFrom('2a' as const, '3' as const, '4b' as const, '5d' as const, '6' as const),
      enterprise: fc.integer({ min: 1, max: 2 }),
      year: fc.integer({ min: 2020, max: 2021 }),
      key: fc.integer({ min: 1, max: 14 }),
      amount: fc.integer({ min: 1, max: 5_000_000 }),
      flag: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), award: fc.nat(200) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('recapture' as const),
      award: fc.nat(200),
      share: fc.integer({ min: 1, max: 100 }),
    }),
  },
);

const factsOf = (s: Extract<Step, { kind: 'apply' }>): Record<string, unknown> => {
  const amount = `${s.amount}.00`;
  switch (s.item) {
    case '2a':
      return { project: `project ${s.key}` };
    case '3':
      return { product: `generic ${s.key}`, firstThreeInChina: s.flag };
    case '4b':
      return { project: `platform ${s.key % 3}`, purchaseAmount: amount };
    case '5d':
      return { product: `product ${s.key}`, agency: 'EMA' };
    case '6':
      return { project: `overseas ${s.key % 3}`, expenses: amount };
  }
};

describe('the limits over any sequence of applications, revocations and recaptures', () => {
  it('never let what stands pass a cap, a count or the year budget', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const book = new AwardBook();
        for (const s of steps) {
          const standing = book.awards.filter((award) => !award.revoked);
          if (s.kind === 'apply') book.apply(s.item, `enterprise ${s.enterprise}`, `${s.year}-06-01`, factsOf(s));
          else if (s.kind === 'revoke' && standing.length > 0)
            book.revoke(book.awards.indexOf(standing[s.award % standing.length]!));
          else if (s.kind === 'recapture' && standing.length > 0) {
            const award = standing[s.award % standing.length]!;
            book.recapture(book.awards.indexOf(award), (award.amount * BigInt(s.share)) / 100n);
          }
        }
        const standing = book.awards.filter((award) => !award.revoked && award.amount > 0n);
        const total = (filter: (award: (typeof standing)[number]) => boolean) =>
          standing.filter(filter).reduce((sum, award) => sum + award.amount, 0n);
        for (const enterprise of ['enterprise 1', 'enterprise 2']) {
          const own = (item: string) => standing.filter((a) => a.item === item && a.enterprise === enterprise);
          for (const year of ['2020', '2021']) {
            expect(
              total((a) => a.item === '2a' && a.enterprise === enterprise && a.awardOn.startsWith(year)),
            ).toBeLessThanOrEqual(yuan('6,000,000'));
          }
          expect(total((a) => a.item === '5d' && a.enterprise === enterprise)).toBeLessThanOrEqual(yuan('5,000,000'));
          for (const item of ['4b', '6']) {
            for (const project of new Set(own(item).map((a) => a.facts.project))) {
              expect(
                total((a) => a.item === item && a.enterprise === enterprise && a.facts.project === project),
              ).toBeLessThanOrEqual(yuan('3,000,000'));
            }
          }
          // three per company, first-three generics neither counted nor limited; each product once
          expect(own('3').filter((a) => a.facts.firstThreeInChina === false).length).toBeLessThanOrEqual(3);
          for (const item of ['2a', '3', '5d']) {
            const keys = own(item).map((a) => String(a.facts.product ?? a.facts.project));
            expect(new Set(keys).size).toBe(keys.length);
          }
        }
        for (const year of ['2020', '2021']) {
          expect(total((a) => a.awardOn.startsWith(year))).toBeLessThanOrEqual(yuan('300,000,000'));
        }
      }),
      { numRuns: 300 },
    );
  });
});
