import { DomainError } from '@parkledger/platform';

export enum SettlementErrorCode {
  NotFound = 'settlement-not-found',
  Invalid = 'settlement-invalid',
  AlreadySettled = 'settlement-already-settled',
  AlreadyLeft = 'settlement-already-left',
}

export class SettlementError extends DomainError<SettlementErrorCode> {}
