import fc from 'fast-check';
import { DomainError } from '@parkledger/platform';
import {
  allocateSigned,
  partnerPosition,
  capitalAccounts,
  capitalAccountStatement,
  fundResult,
  resultShares,
  type Balances,
} from './capital-account';
import { fundFigures } from './fund-figures';
import { columnsOf } from './xirr';

const M = 100n; // minor units per yuan

/** The fund's NAV as fund-figures.ts gives it: cash + remaining cost + valuation adjustments. */
const navOf = (balances: Balances): bigint =>
  fundFigures({
    asOf: '2022-12-31',
    balances,
    investmentsCount: 0n,
    investedAtCost: 0n,
    investedInReturneeFounded: 0n,
    realisedProceeds: 0n,
    partnerFlows: columnsOf([]),
  }).nav;

interface BooksInput {
  partners: { commitment: bigint; unfunded: number; receivable: number; distributed: bigint }[];
  fees: bigint;
  realised: bigint;
  unrealised: bigint;
  writtenOff: bigint;
  cost: bigint;
  valuation: bigint;
}

const sumOfBalances = (balances: Balances, partnerIds: readonly string[]): bigint =>
  [...capitalAccounts(balances, partnerIds).values()].reduce((sum, capital) => sum + capital.balance, 0n);

/** Books that balance: the cash is whatever makes every account sum to zero. */
const balanced = (accounts: Record<string, bigint>): Map<string, bigint> => {
  const rest = Object.values(accounts).reduce((sum, amount) => sum + amount, 0n);
  return new Map([...Object.entries(accounts), ['cash', -rest]]);
};

describe('capital accounts', () => {
  // A commits 600,000.00 and B 400,000.00; 500,000.00 called (300,000.00 / 200,000.00); A pays in
  // full, B 150,000.00; 300,000.00 invested and valued at 360,000.00 by 2021-12-31; in 2022
  // 100,000.00 distributed pro rata to paid-in (66,666.67 / 33,333.33) and a fee of 10,000.00 paid
  const partners = ['a', 'b'];
  const end2021 = balanced({
    'commitment:a': -600_000n * M,
    'commitment:b': -400_000n * M,
    'unfunded:a': 300_000n * M,
    'unfunded:b': 200_000n * M,
    'receivable:b': 50_000n * M,
    'investment:i': 300_000n * M,
    'valuation:i': 60_000n * M,
    'unrealised-gain': -60_000n * M,
  });
  const end2022 = balanced({
    'commitment:a': -600_000n * M,
    'commitment:b': -400_000n * M,
    'unfunded:a': 300_000n * M,
    'unfunded:b': 200_000n * M,
    'receivable:b': 50_000n * M,
    'investment:i': 300_000n * M,
    'valuation:i': 60_000n * M,
    'unrealised-gain': -60_000n * M,
    'distributed:a': 6_666_667n,
    'distributed:b': 3_333_333n,
    fees: 10_000n * M,
  });

  it('books are what the scenario says: cash 150,000.00 at the end of 2021, 40,000.00 at the end of 2022', () => {
    expect([end2021.get('cash'), end2022.get('cash')]).toEqual([150_000n * M, 40_000n * M]);
    expect([navOf(end2021), navOf(end2022)]).toEqual([510_000n * M, 400_000n * M]);
  });

  it('gives each partner paid-in − distributed − its share of the fees + its share of the gains', () => {
    const accounts = capitalAccounts(end2022, partners);
    // paid-in 300,000.00 / 150,000.00: A bears 2/3 of the fee (6,666.67 with the odd cent) and gets 2/3 of the gain
    expect(accounts.get('a')).toEqual({
      commitment: 600_000n * M,
      paidIn: 300_000n * M,
      calledUnpaid: 0n,
      unfunded: 300_000n * M,
      distributed: 6_666_667n,
      fees: 666_667n,
      gains: 40_000n * M,
      balance: 26_666_666n,
    });
    expect(accounts.get('b')).toMatchObject({
      paidIn: 150_000n * M,
      calledUnpaid: 50_000n * M,
      fees: 333_333n,
      gains: 20_000n * M,
      balance: 13_333_334n,
    });
  });

  it('sums every partner’s ending balance to the fund’s NAV exactly', () => {
    expect(sumOfBalances(end2021, partners)).toBe(navOf(end2021));
    expect(sumOfBalances(end2022, partners)).toBe(navOf(end2022));
  });

  it('states a period from the balances the day before it and on its last day, adding up', () => {
    const a2022 = capitalAccountStatement({ partnerId: 'a', partnerIds: partners, before: end2021, end: end2022 });
    expect(a2022).toEqual({
      beginning: 340_000n * M,
      contributions: 0n,
      distributions: -6_666_667n,
      managementFees: -666_667n,
      gainsLosses: 0n,
      ending: 26_666_666n,
      commitment: 600_000n * M,
      paidIn: 300_000n * M,
      calledUnpaid: 0n,
      unfunded: 300_000n * M,
    });
    const inception = capitalAccountStatement({
      partnerId: 'b',
      partnerIds: partners,
      before: new Map(),
      end: end2021,
    });
    expect(inception).toMatchObject({
      beginning: 0n,
      contributions: 150_000n * M,
      distributions: 0n,
      managementFees: 0n,
      gainsLosses: 20_000n * M,
      ending: 170_000n * M,
    });
    for (const s of [a2022, inception]) {
      expect(s.beginning + s.contributions + s.distributions + s.managementFees + s.gainsLosses).toBe(s.ending);
    }
  });

  it('equalises: when a partner pays in later, the earlier fees follow the new shares of paid-in', () => {
    // A pays in 100.00 and bears a fee of 10.00 alone; then B pays in 100.00: the fee is now half each
    const before = balanced({
      'commitment:a': -100n * M,
      fees: 10n * M,
      'commitment:b': -100n * M,
      'unfunded:b': 100n * M,
    });
    const after = balanced({ 'commitment:a': -100n * M, fees: 10n * M, 'commitment:b': -100n * M });
    const a = capitalAccountStatement({ partnerId: 'a', partnerIds: ['a', 'b'], before, end: after });
    const b = capitalAccountStatement({ partnerId: 'b', partnerIds: ['a', 'b'], before, end: after });
    expect([a.beginning, a.managementFees, a.ending]).toEqual([90n * M, 5n * M, 95n * M]);
    expect([b.beginning, b.contributions, b.managementFees, b.ending]).toEqual([0n, 100n * M, -5n * M, 95n * M]);
    expect(a.ending + b.ending).toBe(navOf(after));
  });

  it('splits each day’s fees and gains over the paid-in of that day: a partner paying in later bears none of before', () => {
    // A pays in 100.00; a gain of 100.00; then B pays in 100.00; then a fee of 10.00
    const day = (d: string, nets: Record<string, bigint>) => ({ day: d, nets: new Map(Object.entries(nets)) });
    const days = [
      day('2021-01-01', {
        'commitment:a': -100n * M,
        'commitment:b': -100n * M,
        'unfunded:a': 100n * M,
        'unfunded:b': 100n * M,
      }),
      day('2021-02-01', { 'unfunded:a': -100n * M, cash: 100n * M }),
      day('2021-03-01', { 'unrealised-gain': -100n * M, 'valuation:i': 100n * M }),
      day('2021-04-01', { 'unfunded:b': -100n * M, cash: 100n * M }),
      day('2021-05-01', { fees: 10n * M, cash: -10n * M }),
    ];
    const end = new Map<string, bigint>();
    for (const { nets } of days) for (const [name, net] of nets) end.set(name, (end.get(name) ?? 0n) + net);
    const shares = resultShares(days, ['a', 'b'], '2021-12-31');
    expect(shares).toEqual(
      new Map([
        ['a', { fees: 5n * M, gains: 100n * M }],
        ['b', { fees: 5n * M, gains: 0n }],
      ]),
    );
    const accounts = capitalAccounts(end, ['a', 'b'], shares);
    expect([accounts.get('a')?.balance, accounts.get('b')?.balance]).toEqual([195n * M, 95n * M]);
    expect((accounts.get('a')?.balance ?? 0n) + (accounts.get('b')?.balance ?? 0n)).toBe(navOf(end));
    // B's statement for the quarter it joined: no share of A's gain
    const before = new Map<string, bigint>();
    for (const { day: d, nets } of days) {
      if (d > '2021-03-31') break;
      for (const [name, net] of nets) before.set(name, (before.get(name) ?? 0n) + net);
    }
    const b = capitalAccountStatement({
      partnerId: 'b',
      partnerIds: ['a', 'b'],
      before,
      end,
      shares: { before: resultShares(days, ['a', 'b'], '2021-03-31'), end: shares },
    });
    expect([b.beginning, b.contributions, b.managementFees, b.gainsLosses, b.ending]).toEqual([
      0n,
      100n * M,
      -5n * M,
      0n,
      95n * M,
    ]);
  });

  it('splits an odd fee and a loss over three equal partners to the cent, still summing to the NAV', () => {
    // three partners paid in 1,000.00 each; fee 100.00, an exit at a loss of 0.01, a write-off of 500.00
    const books = balanced({
      'commitment:x': -1_000n * M,
      'commitment:y': -1_000n * M,
      'commitment:z': -1_000n * M,
      'investment:i': 1_000n * M,
      fees: 100n * M,
      'realised-gain': 1n,
      'written-off': 500n * M,
    });
    expect(fundResult(books)).toEqual({ fees: 10_000n, gains: -50_001n });
    const accounts = capitalAccounts(books, ['x', 'y', 'z']);
    expect([...accounts.values()].map((c) => [c.fees, c.gains])).toEqual([
      [3_334n, -16_667n],
      [3_333n, -16_667n],
      [3_333n, -16_667n],
    ]);
    expect(sumOfBalances(books, ['x', 'y', 'z'])).toBe(navOf(books));
  });

  it('sums to the NAV for any balanced books, and every statement adds up', () => {
    const partner = fc.record({
      commitment: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      unfunded: fc.integer({ min: 0, max: 1_000 }),
      receivable: fc.integer({ min: 0, max: 1_000 }),
      distributed: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    });
    const books: fc.Arbitrary<BooksInput> = fc.record({
      partners: fc.array(partner, { minLength: 1, maxLength: 6 }),
      fees: fc.bigInt({ min: 0n, max: 10n ** 11n }),
      realised: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }),
      unrealised: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }),
      writtenOff: fc.bigInt({ min: 0n, max: 10n ** 11n }),
      cost: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      valuation: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }),
    });
    const toBalances = (input: BooksInput) => {
      const accounts: Record<string, bigint> = {
        fees: input.fees,
        'realised-gain': input.realised,
        'unrealised-gain': input.unrealised,
        'written-off': input.writtenOff,
        'investment:i': input.cost,
        'valuation:i': input.valuation,
      };
      input.partners.forEach((p, i) => {
        const unfunded = (p.commitment * BigInt(p.unfunded)) / 1_000n;
        accounts[`commitment:p${i}`] = -p.commitment;
        accounts[`unfunded:p${i}`] = unfunded;
        accounts[`receivable:p${i}`] = ((p.commitment - unfunded) * BigInt(p.receivable)) / 1_000n;
        accounts[`distributed:p${i}`] = p.distributed;
      });
      return { balances: balanced(accounts), ids: input.partners.map((_, i) => `p${i}`) };
    };
    fc.assert(
      fc.property(books, books, (early, late) => {
        const end = toBalances(late);
        const before = toBalances(early).balances;
        const paidIn = (balances: Balances) =>
          end.ids.reduce((sum, id) => sum + partnerPosition(balances, id).paidIn, 0n);
        fc.pre(paidIn(end.balances) > 0n && paidIn(before) > 0n);
        expect(sumOfBalances(end.balances, end.ids)).toBe(navOf(end.balances));
        for (const id of end.ids) {
          const s = capitalAccountStatement({ partnerId: id, partnerIds: end.ids, before, end: end.balances });
          expect(s.beginning + s.contributions + s.distributions + s.managementFees + s.gainsLosses).toBe(s.ending);
        }
      }),
    );
  });

  it('splits a negative amount as the mirror of its absolute value', () => {
    const claims = [
      { key: 'a', weight: 1n },
      { key: 'b', weight: 1n },
      { key: 'c', weight: 1n },
    ];
    expect(Object.fromEntries(allocateSigned(-100n, claims))).toEqual({ a: -34n, b: -33n, c: -33n });
    expect(Object.fromEntries(allocateSigned(100n, claims))).toEqual({ a: 34n, b: 33n, c: 33n });
  });

  it('has nothing to allocate a fee over when no partner has paid anything in', () => {
    const books = balanced({ 'commitment:a': -100n, 'unfunded:a': 100n, fees: 1n });
    let code = 'no error';
    try {
      capitalAccounts(books, ['a']);
    } catch (error) {
      code = error instanceof DomainError ? String(error.code) : 'not a DomainError';
    }
    expect(code).toBe('ledger-nothing-to-allocate');
    expect(capitalAccounts(new Map(), ['a']).get('a')?.balance).toBe(0n);
  });
});
