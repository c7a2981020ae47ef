import { DomainError } from '@parkledger/platform';

export enum LedgerErrorCode {
  Invalid = 'ledger-invalid',
  Unbalanced = 'ledger-unbalanced',
  NothingToAllocate = 'ledger-nothing-to-allocate',
}

export class LedgerError extends DomainError<LedgerErrorCode> {}
