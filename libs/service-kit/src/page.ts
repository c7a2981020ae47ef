import { type PageJson } from '@parkledger/contracts';
import { DomainError, ErrorKind, isUuid } from '@parkledger/platform';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageRequest {
  /** the id of the last row of the previous page */
  after: string | undefined;
  limit: number;
}

/** Cursor pagination over UUIDv7 ids, which sort by creation time. */
export function pageRequest(page: PageJson | undefined): PageRequest {
  const limit = page?.limit === undefined || page.limit === 0 ? DEFAULT_PAGE_SIZE : page.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('page-invalid', ErrorKind.Invalid, `limit must be between 1 and ${MAX_PAGE_SIZE}`, [
      { field: 'limit', rule: 'range', message: `1..${MAX_PAGE_SIZE}` },
    ]);
  }
  const cursor = page?.cursor ?? '';
  if (cursor === '') return { after: undefined, limit };
  const after = Buffer.from(cursor, 'base64url').toString();
  if (!isUuid(after)) {
    throw new DomainError('page-invalid', ErrorKind.Invalid, 'the cursor is not one this API gave out', [
      { field: 'cursor', rule: 'cursor', message: 'use next_cursor from the previous page' },
    ]);
  }
  return { after, limit };
}

/** Fetch limit + 1 rows; this trims the extra one and makes the next cursor from the last kept. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : '' };
}
