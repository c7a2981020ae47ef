import { assessReport } from './investment';
import { ProjectError, ProjectErrorCode } from './project.errors';

const PLAN = 100_000_000_00n; // 100,000,000.00 CNY

describe('investment reports', () => {
  it('accepts a first report and an increase', () => {
    expect(assessReport(undefined, { asOf: '2023-06-30', cumulative: 10_000_000_00n }, PLAN)).toEqual({
      overPlan: false,
    });
    expect(
      assessReport(
        { asOf: '2023-06-30', cumulative: 10_000_000_00n },
        { asOf: '2023-12-31', cumulative: 40_000_000_00n },
        PLAN,
      ),
    ).toEqual({
      overPlan: false,
    });
  });

  it('refuses a lower figure unless it is a correction with a reason', () => {
    const last = { asOf: '2023-12-31', cumulative: 40_000_000_00n };
    let caught: unknown;
    try {
      assessReport(last, { asOf: '2024-01-31', cumulative: 35_000_000_00n }, PLAN);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProjectError);
    expect((caught as ProjectError).code).toBe(ProjectErrorCode.ReportDecreases);
    expect((caught as ProjectError).fields[0]).toMatchObject({ field: 'correctionReason' });
    expect(
      assessReport(
        last,
        { asOf: '2024-01-31', cumulative: 35_000_000_00n, correctionReason: 'audit found double-counted equipment' },
        PLAN,
      ),
    ).toEqual({
      overPlan: false,
    });
    expect(() =>
      assessReport(last, { asOf: '2024-01-31', cumulative: 35_000_000_00n, correctionReason: '   ' }, PLAN),
    ).toThrow(ProjectError);
  });

  it('accepts a figure above the plan and flags it', () => {
    expect(assessReport(undefined, { asOf: '2024-12-31', cumulative: PLAN + 1n }, PLAN)).toEqual({ overPlan: true });
    expect(assessReport(undefined, { asOf: '2024-12-31', cumulative: PLAN }, PLAN)).toEqual({ overPlan: false });
  });

  it('refuses a report dated before the last one, and a negative figure', () => {
    expect(() =>
      assessReport({ asOf: '2024-06-30', cumulative: 1n }, { asOf: '2024-06-29', cumulative: 2n }, PLAN),
    ).toThrow('before the last report');
    expect(() => assessReport(undefined, { asOf: '2024-06-30', cumulative: -1n }, PLAN)).toThrow('cannot be negative');
  });
});
