import { isInstant } from './instant';

describe('an instant the log takes', () => {
  it.each([
    '2026-12-01T00:00:00.000Z',
    '2024-02-29T08:00:00Z',
    '2024-02-29T08:00:00.123456789+08:00',
    '0001-01-01T00:00:00Z',
    '0099-03-31T23:59:59-05:30',
  ])('takes %s', (text) => {
    expect(isInstant(text)).toBe(true);
  });

  it.each([
    ['a day February lacks', '2023-02-30T00:00:00Z'],
    ['29 February of a common year', '2023-02-29T00:00:00Z'],
    ['31 April', '2024-04-31T12:00:00Z'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['no zone', '2024-01-01T00:00:00'],
    ['a date alone', '2024-01-01'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['a number', '1'],
  ])('refuses %s', (_, text) => {
    expect(isInstant(text)).toBe(false);
  });
});
