/** RFC 3339 date-time, years 0001-9999: a date, T, a time with an optional fraction, and Z or an offset. */
const RFC3339 =
  /^(?!0000)(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Whether the text is an RFC 3339 instant Postgres's timestamptz takes as written: on a day its
 * month has (JavaScript's Date.parse reads 2023-02-30 as 2 March; Postgres refuses it).
 */
export function isInstant(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null || Number.isNaN(Date.parse(text))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
