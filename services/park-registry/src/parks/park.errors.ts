import { DomainError } from '@parkledger/platform';

export enum ParkErrorCode {
  NotFound = 'park-not-found',
  Unknown = 'park-unknown',
  Invalid = 'park-invalid',
  AreaExceedsParent = 'park-area-exceeds-parent',
  Cycle = 'park-cycle',
  /** deleting a park that anything ever referred to: retire it instead */
  Referenced = 'park-referenced',
  /** a retired park named as a new parent or a settlement's park */
  Retired = 'park-retired',
  AlreadyRetired = 'park-already-retired',
  ChildrenInUse = 'park-children-in-use',
}

export class ParkError extends DomainError<ParkErrorCode> {}
