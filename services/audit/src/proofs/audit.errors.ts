import { DomainError } from '@parkledger/platform';

export enum AuditErrorCode {
  Invalid = 'audit-invalid',
  /** no checkpoint of that size, or no entry at that position in it */
  NotFound = 'audit-not-found',
  Forbidden = 'forbidden',
}

export class AuditError extends DomainError<AuditErrorCode> {}
