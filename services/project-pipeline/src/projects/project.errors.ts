import { DomainError } from '@parkledger/platform';

export enum ProjectErrorCode {
  NotFound = 'project-not-found',
  Invalid = 'project-invalid',
  UnknownPark = 'project-unknown-park',
  ParkRetired = 'project-park-retired',
  UnknownEnterprise = 'project-unknown-enterprise',
  IllegalTransition = 'project-illegal-transition',
  DateOutOfOrder = 'project-date-out-of-order',
  ReportDecreases = 'project-report-decreases',
}

export class ProjectError extends DomainError<ProjectErrorCode> {}
