import { DomainError } from '@parkledger/platform';

export enum ParkErrorCode {
  AreaExceedsParent = 'park-area-exceeds-parent',
  Cycle = 'park-cycle',
  HasChildren = 'park-has-children',
}

export class ParkError extends DomainError<ParkErrorCode> {}
