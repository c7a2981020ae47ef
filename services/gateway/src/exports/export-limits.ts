import { DomainError, ErrorKind } from '@parkledger/platform';

/** The largest page a list route serves, used to read a list whole for an export. */
export const EXPORT_PAGE_SIZE = 200;

/** An export of a list reads at most this many rows; a larger one is refused, not cut short. */
export const EXPORT_MAX_ROWS = 10_000;

export const exportTooLarge = (max: number): DomainError =>
  new DomainError(
    'export-too-large',
    ErrorKind.TooLarge,
    `an export holds at most ${max} rows: narrow the filter (a park, a stage, a signing period)`,
  );
