import { fundFigures } from './fund-figures';
import { columnsOf, xirr } from './xirr';

const M = 100n; // minor units per yuan

describe('fund figures from balances', () => {
  // commitments 600,000.00 and 400,000.00; 500,000.00 called, 450,000.00 paid; 300,000.00 invested,
  // valued 60,000.00 above cost; 100,000.00 distributed, 10,000.00 fees
  const balances = new Map<string, bigint>([
    ['commitment:a', -600_000n * M],
    ['commitment:b', -400_000n * M],
    ['unfunded:a', 300_000n * M],
    ['unfunded:b', 200_000n * M],
    ['receivable:b', 50_000n * M],
    ['cash', 40_000n * M],
    ['investment:i', 300_000n * M],
    ['valuation:i', 60_000n * M],
    ['unrealised-gain', -60_000n * M],
    ['distributed:a', 60_000n * M],
    ['distributed:b', 40_000n * M],
    ['fees', 10_000n * M],
  ]);
  const flows = [
    { on: '2020-01-01', amount: -450_000n * M },
    { on: '2021-01-01', amount: 100_000n * M },
  ];
  const figures = fundFigures({
    asOf: '2022-01-01',
    balances,
    investmentsCount: 1n,
    investedAtCost: 300_000n * M,
    investedInReturneeFounded: 100_000n * M,
    realisedProceeds: 0n,
    partnerFlows: columnsOf(flows),
  });

  it('gives committed, called, paid-in and unfunded exactly', () => {
    expect(figures).toMatchObject({
      committed: 1_000_000n * M,
      called: 500_000n * M,
      paidIn: 450_000n * M,
      unfunded: 500_000n * M,
      cash: 40_000n * M,
      distributed: 100_000n * M,
      fees: 10_000n * M,
      writtenOff: 0n,
    });
  });

  it('values the NAV at cash plus fair value, and the capacity at what the fund holds or can call', () => {
    expect(figures.nav).toBe(400_000n * M);
    expect(figures.remainingCapacity).toBe(590_000n * M);
  });

  it('gives DPI, RVPI and TVPI over paid-in as exact decimal strings', () => {
    expect([figures.dpi, figures.rvpi, figures.tvpi]).toEqual(['0.2222', '0.8889', '1.1111']);
    expect(figures.returneeFoundedShare).toBe('0.3333');
  });

  it('takes the NAV as the last flow of the net IRR', () => {
    const expected = xirr([...flows, { on: '2022-01-01', amount: 400_000n * M }]).rate;
    expect(expected).not.toBeNull();
    expect(figures.netIrr).toBe(expected);
    expect(figures.netIrrNoneReason).toBe('');
  });

  it('has no ratios and no IRR, with the reason, before anything is paid in', () => {
    const empty = fundFigures({
      asOf: '2020-01-01',
      balances: new Map([
        ['commitment:a', -100n],
        ['unfunded:a', 100n],
      ]),
      investmentsCount: 0n,
      investedAtCost: 0n,
      investedInReturneeFounded: 0n,
      realisedProceeds: 0n,
      partnerFlows: columnsOf([]),
    });
    expect([empty.dpi, empty.rvpi, empty.tvpi, empty.netIrr]).toEqual([null, null, null, null]);
    expect(empty.netIrrNoneReason).toBe('an IRR needs at least two flows');
  });
});
