import { DomainError } from '@parkledger/platform';

export enum ParkErrorCode {
  NotFound = 'park-not-found',
  Unknown = 'park-unknown',
  Invalid = 'park-invalid',
  AreaExceedsParent = 'park-area-exceeds-parent',
  Cycle = 'park-cycle',
  HasChildren = 'park-has-children',
  HasSettlements = 'park-has-settlements',
}

export class ParkError extends DomainError<ParkErrorCode> {}
