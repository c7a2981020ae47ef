import fc from 'fast-check';
import { lookThrough, paidInOf, subFundLookThrough, totalsByCurrency, type SubFundHolding } from './look-through';

const holding = (investmentId: string, remainingCost: bigint): SubFundHolding => ({
  investmentId,
  targetKind: 'project',
  targetId: `t-${investmentId}`,
  form: 'equity',
  remainingCost,
});

describe('a mother fund’s look-through into a sub-fund', () => {
  it('takes its share of paid-in of each remaining cost, the truncated total split by the largest remainder', () => {
    // a third of the paid-in; 100.00, 100.00 and 100.01 remain: exact shares 33.333…, 33.333…, 33.336…
    const result = lookThrough({
      paidIn: 100_000n,
      totalPaidIn: 300_000n,
      holdings: [holding('i3', 10_001n), holding('i1', 10_000n), holding('i2', 10_000n)],
    });
    expect(result.share).toBe('0.333333');
    expect(result.remainingCost).toBe(30_001n);
    // 300.01 / 3 = 100.003…: 100.00 in all, the odd cent to i3, whose remainder (2/3) is the largest
    expect(result.lookThrough).toBe(10_000n);
    expect(result.lines.map((line) => [line.investmentId, line.lookThrough])).toEqual([
      ['i1', 3_333n],
      ['i2', 3_333n],
      ['i3', 3_334n],
    ]);
    expect(result.lines[0]).toMatchObject({ targetKind: 'project', targetId: 't-i1', form: 'equity' });
  });

  it('gives an odd unit among equal remainders to the lower investment id', () => {
    // half of 0.01 and 0.01 and 0.01: 0.015 in all, truncated to 0.01, which goes to a
    const result = lookThrough({
      paidIn: 1n,
      totalPaidIn: 2n,
      holdings: [holding('b', 1n), holding('a', 1n), holding('c', 1n)],
    });
    expect([result.lookThrough, ...result.lines.map((line) => line.lookThrough)]).toEqual([1n, 1n, 0n, 0n]);
  });

  it('sees all of a sub-fund it alone paid into, and none of one nobody paid into', () => {
    const holdings = [holding('a', 12_345n), holding('b', 1n)];
    const whole = lookThrough({ paidIn: 500n, totalPaidIn: 500n, holdings });
    expect([whole.share, whole.lookThrough, ...whole.lines.map((line) => line.lookThrough)]).toEqual([
      '1.000000',
      12_346n,
      12_345n,
      1n,
    ]);
    const empty = lookThrough({ paidIn: 0n, totalPaidIn: 0n, holdings });
    expect([empty.share, empty.lookThrough, ...empty.lines.map((line) => line.lookThrough)]).toEqual([
      null,
      0n,
      0n,
      0n,
    ]);
    const none = lookThrough({ paidIn: 0n, totalPaidIn: 900n, holdings });
    expect([none.share, none.lookThrough]).toEqual(['0.000000', 0n]);
    expect(lookThrough({ paidIn: 1n, totalPaidIn: 3n, holdings: [] })).toMatchObject({ lines: [], lookThrough: 0n });
  });

  it('always sums its lines to the truncated share of the total, each line its exact share rounded down or up', () => {
    const input = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.integer({ min: 0, max: 1_000_000 }))
      .chain(([totalPaidIn, per]) =>
        fc.record({
          totalPaidIn: fc.constant(totalPaidIn),
          paidIn: fc.constant((totalPaidIn * BigInt(per)) / 1_000_000n),
          costs: fc.array(fc.bigInt({ min: 1n, max: 10n ** 13n }), { maxLength: 12 }),
        }),
      );
    fc.assert(
      fc.property(input, ({ totalPaidIn, paidIn, costs }) => {
        const holdings = costs.map((cost, i) => holding(`i${String(i).padStart(2, '0')}`, cost));
        const result = lookThrough({ paidIn, totalPaidIn, holdings });
        const sum = result.lines.reduce((acc, line) => acc + line.lookThrough, 0n);
        expect(sum).toBe(result.lookThrough);
        expect(result.lookThrough).toBe((result.remainingCost * paidIn) / totalPaidIn);
        for (const line of result.lines) {
          const floor = (line.remainingCost * paidIn) / totalPaidIn;
          expect(line.lookThrough === floor || line.lookThrough === floor + 1n).toBe(true);
        }
      }),
    );
  });

  it('reads the sub-fund’s books as of the date: the mother fund’s partners, every paid-in, what remains invested', () => {
    // the mother fund committed as m1 (300.00, paid in) and m2 (100.00, half called and paid);
    // another partner o committed 600.00, 400.00 called of which 350.00 paid
    const balances = new Map<string, bigint>([
      ['commitment:m1', -30_000n],
      ['commitment:m2', -10_000n],
      ['unfunded:m2', 5_000n],
      ['commitment:o', -60_000n],
      ['unfunded:o', 20_000n],
      ['receivable:o', 5_000n],
      ['investment:i1', 20_001n],
      ['investment:i2', 0n], // sold in full
      ['cash', 49_999n],
    ]);
    expect(paidInOf(balances)).toBe(70_000n);
    const investments = ['i2', 'i1', 'i3'].map((id) => ({
      investmentId: id,
      targetKind: 'project',
      targetId: id,
      form: 'equity',
    }));
    const result = subFundLookThrough({ balances, partnerIds: ['m1', 'm2'], investments });
    expect(result).toMatchObject({ commitment: 40_000n, paidIn: 35_000n, totalPaidIn: 70_000n, share: '0.500000' });
    // half of 200.01 is 100.005: 100.00, truncated; i2 has nothing left, i3 is not made yet
    expect(result.lines.map((line) => [line.investmentId, line.remainingCost, line.lookThrough])).toEqual([
      ['i1', 20_001n, 10_000n],
    ]);
    expect([result.remainingCost, result.lookThrough]).toEqual([20_001n, 10_000n]);
    expect(subFundLookThrough({ balances: new Map(), partnerIds: ['m1'], investments })).toMatchObject({
      commitment: 0n,
      share: null,
      lines: [],
    });
  });

  it('totals the sub-funds per currency, never across currencies', () => {
    expect(
      totalsByCurrency([
        { currency: 'USD', minor: 5n },
        { currency: 'CNY', minor: 10_000n },
        { currency: 'CNY', minor: 1n },
      ]),
    ).toEqual([
      { currency: 'CNY', minor: 10_001n },
      { currency: 'USD', minor: 5n },
    ]);
    expect(totalsByCurrency([])).toEqual([]);
  });
});
