import { assertBalanced } from './journal-entry';
import {
  exitPostings,
  releasedValuation,
  valuationPostings,
  writeOffPostings,
  type Holding,
} from './portfolio-entries';

const holding = (remainingCost: bigint, valuation = 0n): Holding => ({
  investmentId: 'i1',
  currency: 'CNY',
  remainingCost,
  valuation,
});
const sumOf = (postings: { account: string; amount: bigint }[], name: string) =>
  postings.filter((p) => p.account === name).reduce((sum, p) => sum + p.amount, 0n);

describe('the entries of an investment', () => {
  it('moves the valuation adjustment to fair value − cost, and books nothing when it is already there', () => {
    const up = valuationPostings(holding(1_000_00n), 1_500_00n);
    expect(up).toEqual([
      { account: 'valuation:i1', amount: 500_00n, currency: 'CNY' },
      { account: 'unrealised-gain', amount: -500_00n, currency: 'CNY' },
    ]);
    expect(valuationPostings(holding(1_000_00n, 500_00n), 800_00n)[0]?.amount).toBe(-700_00n);
    expect(valuationPostings(holding(1_000_00n, 500_00n), 1_500_00n)).toEqual([]);
  });

  it('realises a gain on an exit above cost and releases the valuation on the cost that leaves', () => {
    const { postings, gain } = exitPostings(holding(1_000_00n, 400_00n), 500_00n, 900_00n);
    assertBalanced(postings);
    expect(gain).toBe(400_00n);
    expect(sumOf(postings, 'cash')).toBe(900_00n);
    expect(sumOf(postings, 'investment:i1')).toBe(-500_00n);
    expect(sumOf(postings, 'realised-gain')).toBe(-400_00n);
    expect(sumOf(postings, 'valuation:i1')).toBe(-200_00n);
  });

  it('books a loss on an exit for less than cost, even for nothing', () => {
    const { postings, gain } = exitPostings(holding(1_000_00n), 1_000_00n, 0n);
    assertBalanced(postings);
    expect(gain).toBe(-1_000_00n);
    expect(postings.some((p) => p.account === 'cash')).toBe(false);
    expect(sumOf(postings, 'realised-gain')).toBe(1_000_00n);
  });

  it('writes off in part or in full, the full one releasing every unit of the valuation', () => {
    const part = writeOffPostings(holding(300n, 100n), 100n);
    assertBalanced(part);
    expect(sumOf(part, 'valuation:i1')).toBe(-33n); // 100 × 100 / 300, truncated
    const full = writeOffPostings(holding(300n, 100n), 300n);
    assertBalanced(full);
    expect(sumOf(full, 'written-off')).toBe(300n);
    expect(sumOf(full, 'valuation:i1')).toBe(-100n);
  });

  it('releases a negative adjustment toward zero, never past it', () => {
    expect(releasedValuation(holding(300n, -100n), 100n)).toBe(-33n);
    expect(releasedValuation(holding(300n, -100n), 300n)).toBe(-100n);
  });
});
