export const AWARDS_OUTBOX = Symbol('AWARDS_OUTBOX');
