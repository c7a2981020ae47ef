import { addMonths, parkStatistics, type ProjectFacts } from './park-statistics';

const project = (id: string, overrides: Partial<ProjectFacts>): ProjectFacts => ({
  id,
  currency: 'CNY',
  dates: { SIGNED: '2023-03-01' },
  signedPlannedMinor: 100_00n,
  plannedMinor: 100_00n,
  completedMinor: 0n,
  ...overrides,
});

describe('park statistics', () => {
  const year2023 = { from: '2023-01-01', to: '2023-12-31' };

  it('counts a project once, at its first signing, and a later increase only by its increment', () => {
    const projects = [project('a', { plannedMinor: 150_00n })];
    const amendments = [
      { projectId: 'a', currency: 'CNY', effectiveOn: '2024-02-01', deltaMinor: 50_00n, afterSigning: true },
    ];
    const in2023 = parkStatistics(projects, amendments, year2023, '2023-12-31', 6);
    const in2024 = parkStatistics(projects, amendments, { from: '2024-01-01', to: '2024-12-31' }, '2024-12-31', 6);
    expect([in2023.signedCount, in2023.totals[0]?.signedPlannedMinor]).toEqual([1, 100_00n]);
    expect([in2024.signedCount, in2024.totals[0]?.signedPlannedMinor]).toEqual([0, 50_00n]);
  });

  it('counts an amendment before signing inside the plan at signing, not again', () => {
    const projects = [project('a', { signedPlannedMinor: 120_00n, plannedMinor: 120_00n })];
    const amendments = [
      { projectId: 'a', currency: 'CNY', effectiveOn: '2023-02-01', deltaMinor: 20_00n, afterSigning: false },
    ];
    expect(parkStatistics(projects, amendments, year2023, '2023-12-31', 6).totals[0]?.signedPlannedMinor).toBe(120_00n);
  });

  it('sums 40 signed projects to exactly 13,000,000,000.00', () => {
    const plans = Array.from({ length: 40 }, (_, i) => (i < 39 ? 32_500_000_000n + BigInt(i) * 100n : 0n));
    plans[39] = 1_300_000_000_000n - plans.slice(0, 39).reduce((a, b) => a + b, 0n);
    const projects = plans.map((plan, i) => project(`p${i}`, { signedPlannedMinor: plan, plannedMinor: plan }));
    const stats = parkStatistics(projects, [], year2023, '2023-12-31', 6);
    expect(stats.signedCount).toBe(40);
    expect(stats.totals).toEqual([
      expect.objectContaining({ currency: 'CNY', signedPlannedMinor: 1_300_000_000_000n }),
    ]);
  });

  it('counts stages, completed share and stalled projects', () => {
    const projects = [
      project('lead', { dates: { LEAD: '2023-02-01' }, signedPlannedMinor: null }),
      project('stalled', { dates: { SIGNED: '2023-01-15' } }),
      project('fresh', { dates: { SIGNED: '2023-11-01' } }),
      project('building', {
        dates: { SIGNED: '2023-03-01', UNDER_CONSTRUCTION: '2023-04-01' },
        completedMinor: 50_00n,
      }),
      project('gone', { dates: { SIGNED: '2023-03-01', TERMINATED: '2023-05-01' } }),
    ];
    const stats = parkStatistics(projects, [], year2023, '2023-12-31', 6);
    expect(stats.projectsByStage).toEqual({
      LEAD: 1,
      NEGOTIATING: 0,
      SIGNED: 2,
      UNDER_CONSTRUCTION: 1,
      IN_OPERATION: 0,
      TERMINATED: 1,
    });
    expect(stats.stalledProjectIds).toEqual(['stalled']);
    expect(stats.totals).toEqual([
      {
        currency: 'CNY',
        signedCount: 4,
        signedPlannedMinor: 400_00n,
        completedMinor: 50_00n,
        plannedOfSignedMinor: 300_00n,
        completedShareBasisPoints: 1666,
      },
    ]);
  });

  it('keeps 1,000,000.00 CNY, 500,000.00 USD and 300,000 JPY as three totals', () => {
    const projects = [
      project('cny', { currency: 'CNY', signedPlannedMinor: 1_000_000_00n, plannedMinor: 1_000_000_00n }),
      project('usd', {
        currency: 'USD',
        signedPlannedMinor: 500_000_00n,
        plannedMinor: 500_000_00n,
        completedMinor: 125_000_00n,
      }),
      project('jpy', { currency: 'JPY', signedPlannedMinor: 300_000n, plannedMinor: 300_000n }),
    ];
    const amendments = [
      { projectId: 'jpy', currency: 'JPY', effectiveOn: '2023-06-01', deltaMinor: 20_000n, afterSigning: true },
    ];
    const stats = parkStatistics(projects, amendments, year2023, '2023-12-31', 12);
    expect(stats.signedCount).toBe(3);
    expect(stats.totals).toEqual([
      {
        currency: 'CNY',
        signedCount: 1,
        signedPlannedMinor: 1_000_000_00n,
        completedMinor: 0n,
        plannedOfSignedMinor: 1_000_000_00n,
        completedShareBasisPoints: 0,
      },
      {
        currency: 'JPY',
        signedCount: 1,
        signedPlannedMinor: 320_000n,
        completedMinor: 0n,
        plannedOfSignedMinor: 300_000n,
        completedShareBasisPoints: 0,
      },
      {
        currency: 'USD',
        signedCount: 1,
        signedPlannedMinor: 500_000_00n,
        completedMinor: 125_000_00n,
        plannedOfSignedMinor: 500_000_00n,
        completedShareBasisPoints: 2500,
      },
    ]);
  });

  it('counts each project at the stage it had on asOf, from its stage dates', () => {
    const running = project('running', {
      dates: { LEAD: '2022-01-10', SIGNED: '2022-03-01', UNDER_CONSTRUCTION: '2023-09-01', IN_OPERATION: '2024-05-01' },
    });
    const later = project('later', { dates: { LEAD: '2023-10-01' }, signedPlannedMinor: null });
    const early = parkStatistics([running, later], [], { from: '2022-01-01', to: '2022-12-31' }, '2022-12-31', 6);
    expect(early.projectsByStage).toEqual({
      LEAD: 0,
      NEGOTIATING: 0,
      SIGNED: 1,
      UNDER_CONSTRUCTION: 0,
      IN_OPERATION: 0,
      TERMINATED: 0,
    });
    expect(early.stalledProjectIds).toEqual(['running']);
    const now = parkStatistics([running, later], [], { from: '2024-01-01', to: '2024-12-31' }, '2024-12-31', 6);
    expect(now.projectsByStage).toMatchObject({ LEAD: 1, SIGNED: 0, IN_OPERATION: 1 });
    expect(now.stalledProjectIds).toEqual([]);
  });

  it('counts no signed plan for a project not yet signed on asOf', () => {
    const signedLater = project('signed-later', { dates: { LEAD: '2023-01-01', SIGNED: '2024-02-01' } });
    const stats = parkStatistics([signedLater], [], year2023, '2023-12-31', 6);
    expect(stats.projectsByStage).toMatchObject({ LEAD: 1, SIGNED: 0 });
    expect(stats.totals[0]).toMatchObject({ plannedOfSignedMinor: 0n, completedMinor: 0n });
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2023-01-15', 12)).toBe('2024-01-15');
  });
});
