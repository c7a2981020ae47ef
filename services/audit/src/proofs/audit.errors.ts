import { DomainError } from '@parkledger/platform';

export enum AuditErrorCode {
  Invalid = 'audit-invalid',
  /** a tail asked for with a filter or a position it can't be opened with */
  StreamInvalid = 'audit-stream-invalid',
  /** no checkpoint of that size, or no entry at that position in it */
  NotFound = 'audit-not-found',
  Forbidden = 'forbidden',
}

export class AuditError extends DomainError<AuditErrorCode> {}
