import { isCalendarDate } from './calendar-date.validator';

describe('calendar dates', () => {
  it.each(['2024-02-29', '2023-12-31', '0001-01-01'])('takes %p', (text) => expect(isCalendarDate(text)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '0000-01-01', '2024-1-01', 20240101, ''])(
    'refuses %p',
    (value) => expect(isCalendarDate(value)).toBe(false),
  );
});
