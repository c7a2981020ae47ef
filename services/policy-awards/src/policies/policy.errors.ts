import { DomainError } from '@parkledger/platform';

export enum PolicyErrorCode {
  /** a policy document that breaks the format: the field's path and the rule are named */
  InvalidDocument = 'policy-document-invalid',
  /** an application's item or facts that the policy doesn't have or can't read */
  InvalidApplication = 'award-application-invalid',
}

export class PolicyError extends DomainError<PolicyErrorCode> {}
