import { dayBefore } from './report-dates';

describe('report dates', () => {
  it('gives the day before a date across months, years and leap days', () => {
    expect(dayBefore('2022-01-01')).toBe('2021-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2023-03-01')).toBe('2023-02-28');
    expect(dayBefore('2021-07-15')).toBe('2021-07-14');
  });
});
