import { isCalendarDate } from './field-check';

describe('a calendar date', () => {
  it.each(['2021-02-28', '2024-02-29', '0001-01-01', '9999-12-31'])('takes %s', (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });

  // year 0000 reached Postgres, which has no year 0, and came back as a 500
  it.each(['2021-02-30', '2023-02-29', '0000-01-01', '2021-1-01', '20210101', ''])('refuses %p', (text) => {
    expect(isCalendarDate(text)).toBe(false);
  });
});
