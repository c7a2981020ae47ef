import { DomainError } from '@parkledger/platform';

export enum PublicSupportErrorCode {
  /** a fund or award event that does not hold what its contract promises: retried, then dead-lettered */
  EventInvalid = 'public-support-event-invalid',
  Invalid = 'public-support-invalid',
}

export class PublicSupportError extends DomainError<PublicSupportErrorCode> {}
