import { DomainError } from '@parkledger/platform';

export enum AwardErrorCode {
  Invalid = 'award-invalid',
  PolicyNotFound = 'policy-not-found',
  /** no version of the policy is in force on the award date */
  PolicyNotInForce = 'policy-not-in-force',
  AwardNotFound = 'award-not-found',
  /** a report's enterprise: none the caller may read that the awards service knows of */
  EnterpriseNotFound = 'enterprise-not-found',
  /** the registry has not settled the enterprise anywhere the awards service knows of */
  EnterpriseUnknown = 'enterprise-unknown',
  /** the award is not in the state the step needs (a grant of a paid award, a revocation after payment) */
  WrongStatus = 'award-wrong-status',
  /** a grant past a limit or the budget, found by the database: the limit is named */
  LimitReached = 'award-limit-reached',
  /** the usage rows a step needs were held past its lock timeout: retry */
  Busy = 'award-busy',
  Forbidden = 'forbidden',
}

export class AwardError extends DomainError<AwardErrorCode> {}
