/** RFC 9457 problem details, with the fields that broke a rule. */
export interface FieldProblem {
  /** JSON path of the offending field, e.g. "plannedInvestment.amount" */
  field: string;
  /** the rule it broke, e.g. "required", "decimal-string", "uscc-check-character" */
  rule: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A stable problem type URI per error code. */
export const problemType = (code: string): string => `urn:parkledger:problem:${code}`;

/** What kind of failure an error is; the one place that kinds map to HTTP and gRPC status. */
export enum ErrorKind {
  BadRequest = 'bad-request',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  Conflict = 'conflict',
  Invalid = 'invalid',
  TooLarge = 'too-large',
  RateLimited = 'rate-limited',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.BadRequest:
      return 400;
    case ErrorKind.Unauthenticated:
      return 401;
    case ErrorKind.Forbidden:
      return 403;
    case ErrorKind.NotFound:
      return 404;
    case ErrorKind.Conflict:
      return 409;
    case ErrorKind.TooLarge:
      return 413;
    case ErrorKind.Invalid:
      return 422;
    case ErrorKind.RateLimited:
      return 429;
    case ErrorKind.Unavailable:
      return 503;
    case ErrorKind.Internal:
      return 500;
  }
}

/** gRPC status codes (grpc/status.h) for the same kinds. */
export function grpcStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.BadRequest:
    case ErrorKind.Invalid:
      return 3; // INVALID_ARGUMENT
    case ErrorKind.Unauthenticated:
      return 16; // UNAUTHENTICATED
    case ErrorKind.Forbidden:
      return 7; // PERMISSION_DENIED
    case ErrorKind.NotFound:
      return 5; // NOT_FOUND
    case ErrorKind.Conflict:
      return 9; // FAILED_PRECONDITION
    case ErrorKind.TooLarge:
    case ErrorKind.RateLimited:
      return 8; // RESOURCE_EXHAUSTED
    case ErrorKind.Unavailable:
      return 14; // UNAVAILABLE
    case ErrorKind.Internal:
      return 13; // INTERNAL
  }
}

/**
 * The base of every feature's error class: a stable code, a kind that decides the status,
 * and the fields at fault. Features subclass it with their own code enum.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  toProblem(correlationId?: string): ProblemDetails {
    const status = httpStatusOf(this.kind);
    return {
      type: problemType(this.code),
      title: this.kind,
      status,
      detail: this.message,
      code: this.code,
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(this.fields.length === 0 ? {} : { errors: [...this.fields] }),
    };
  }
}
