import { DomainError } from '@parkledger/platform';

export enum EnterpriseErrorCode {
  NotFound = 'enterprise-not-found',
  Invalid = 'enterprise-invalid',
  UsccTaken = 'enterprise-uscc-taken',
}

export class EnterpriseError extends DomainError<EnterpriseErrorCode> {}
