import { addMonths, parkStatistics, type ProjectFacts } from './park-statistics';

const project = (id: string, overrides: Partial<ProjectFacts>): ProjectFacts => ({
  id,
  stage: 'SIGNED',
  signedOn: '2023-03-01',
  constructionStartedOn: null,
  signedPlannedMinor: 100_00n,
  plannedMinor: 100_00n,
  completedMinor: 0n,
  ...overrides,
});

describe('park statistics', () => {
  const year2023 = { from: '2023-01-01', to: '2023-12-31' };

  it('counts a project once, at its first signing, and a later increase only by its increment', () => {
    const projects = [project('a', { plannedMinor: 150_00n })];
    const amendments = [{ projectId: 'a', effectiveOn: '2024-02-01', deltaMinor: 50_00n, afterSigning: true }];
    const in2023 = parkStatistics(projects, amendments, year2023, '2023-12-31', 6);
    const in2024 = parkStatistics(projects, amendments, { from: '2024-01-01', to: '2024-12-31' }, '2024-12-31', 6);
    expect([in2023.signedCount, in2023.signedPlannedMinor]).toEqual([1, 100_00n]);
    expect([in2024.signedCount, in2024.signedPlannedMinor]).toEqual([0, 50_00n]);
  });

  it('counts an amendment before signing inside the plan at signing, not again', () => {
    const projects = [project('a', { signedPlannedMinor: 120_00n, plannedMinor: 120_00n })];
    const amendments = [{ projectId: 'a', effectiveOn: '2023-02-01', deltaMinor: 20_00n, afterSigning: false }];
    expect(parkStatistics(projects, amendments, year2023, '2023-12-31', 6).signedPlannedMinor).toBe(120_00n);
  });

  it('sums 40 signed projects to exactly 13,000,000,000.00', () => {
    const plans = Array.from({ length: 40 }, (_, i) => (i < 39 ? 32_500_000_000n + BigInt(i) * 100n : 0n));
    plans[39] = 1_300_000_000_000n - plans.slice(0, 39).reduce((a, b) => a + b, 0n);
    const projects = plans.map((plan, i) => project(`p${i}`, { signedPlannedMinor: plan, plannedMinor: plan }));
    const stats = parkStatistics(projects, [], year2023, '2023-12-31', 6);
    expect(stats.signedCount).toBe(40);
    expect(stats.signedPlannedMinor).toBe(1_300_000_000_000n);
  });

  it('counts stages, completed share and stalled projects', () => {
    const projects = [
      project('lead', { stage: 'LEAD', signedOn: null, signedPlannedMinor: null }),
      project('stalled', { signedOn: '2023-01-15' }),
      project('fresh', { signedOn: '2023-11-01' }),
      project('building', { stage: 'UNDER_CONSTRUCTION', constructionStartedOn: '2023-04-01', completedMinor: 50_00n }),
      project('gone', { stage: 'TERMINATED' }),
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
    expect([stats.completedMinor, stats.plannedOfSignedMinor, stats.completedShareBasisPoints]).toEqual([
      50_00n,
      300_00n,
      1666,
    ]);
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2023-01-15', 12)).toBe('2024-01-15');
  });
});
