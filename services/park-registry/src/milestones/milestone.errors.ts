import { DomainError } from '@parkledger/platform';

export enum MilestoneErrorCode {
  Invalid = 'milestone-invalid',
}

export class MilestoneError extends DomainError<MilestoneErrorCode> {}
