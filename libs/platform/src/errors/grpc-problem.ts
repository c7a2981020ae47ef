import { DomainError, ErrorKind, grpcStatusOf, type ProblemDetails } from './problem';

/** What a service sends back over gRPC when it refuses: the status code and the problem as JSON. */
export interface GrpcFailure {
  code: number;
  message: string;
}

export function toGrpcFailure(error: DomainError): GrpcFailure {
  return { code: grpcStatusOf(error.kind), message: JSON.stringify(error.toProblem()) };
}

const KIND_BY_GRPC: Record<number, ErrorKind> = {
  3: ErrorKind.Invalid,
  5: ErrorKind.NotFound,
  7: ErrorKind.Forbidden,
  9: ErrorKind.Conflict,
  14: ErrorKind.Unavailable,
  16: ErrorKind.Unauthenticated,
};

/**
 * The caller's side: a gRPC error whose details carry a problem becomes that DomainError again;
 * anything else (the service is down, a bug) becomes a 503 or a 500 that says nothing more.
 */
export function fromGrpcError(error: unknown): DomainError {
  const { code, details } = (error ?? {}) as { code?: number; details?: string };
  if (typeof details === 'string' && details.startsWith('{')) {
    try {
      const problem = JSON.parse(details) as ProblemDetails;
      const kind = Object.values(ErrorKind).find((k) => k === (problem.title as ErrorKind)) ?? KIND_BY_GRPC[code ?? -1];
      if (kind !== undefined && typeof problem.code === 'string') {
        return new DomainError(problem.code, kind, problem.detail ?? problem.code, problem.errors ?? []);
      }
    } catch {
      // not a problem after all
    }
  }
  if (code === 14 || code === 4) {
    return new DomainError(
      'service-unavailable',
      ErrorKind.Unavailable,
      'a service the request needs is unavailable; retry later',
    );
  }
  return new DomainError('internal', ErrorKind.Internal, 'internal error');
}
