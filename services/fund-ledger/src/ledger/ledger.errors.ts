import { DomainError } from '@parkledger/platform';

export enum LedgerErrorCode {
  Invalid = 'ledger-invalid',
  Unbalanced = 'ledger-unbalanced',
  NothingToAllocate = 'ledger-nothing-to-allocate',
  FundNotFound = 'fund-not-found',
  PartnerNotFound = 'partner-not-found',
  PartnerExists = 'partner-exists',
  CallNotFound = 'capital-call-not-found',
  InvestmentNotFound = 'investment-not-found',
  InvestmentClosed = 'investment-closed',
  EntryNotFound = 'journal-entry-not-found',
  UnknownTarget = 'investment-target-unknown',
  /** a balance would go below zero: the limit is named in the problem */
  LimitExceeded = 'ledger-limit-exceeded',
  PeriodClosed = 'period-closed',
  BeforeVintage = 'before-fund-start',
  AlreadyReversed = 'entry-already-reversed',
  NotReversible = 'entry-not-reversible',
  Forbidden = 'forbidden',
  /** no budget book of the policy, or one the caller may not read */
  PolicyBooksNotFound = 'policy-books-not-found',
  /** an award event the budget books can't post: a break of the awards service's contract */
  AwardEventInvalid = 'award-event-invalid',
}

export class LedgerError extends DomainError<LedgerErrorCode> {}
