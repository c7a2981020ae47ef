export const LEDGER_OUTBOX = Symbol('LEDGER_OUTBOX');
