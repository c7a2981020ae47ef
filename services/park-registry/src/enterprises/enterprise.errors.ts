import { DomainError } from '@parkledger/platform';

export enum EnterpriseErrorCode {
  NotFound = 'enterprise-not-found',
  Invalid = 'enterprise-invalid',
  UsccTaken = 'enterprise-uscc-taken',
  OutsideScope = 'enterprise-outside-scope',
}

export class EnterpriseError extends DomainError<EnterpriseErrorCode> {}
