import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type Response } from 'express';
import { currentCorrelationId } from '../logging/correlation';
import { DomainError, ErrorKind, PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem';

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: ErrorKind.BadRequest,
  401: ErrorKind.Unauthenticated,
  403: ErrorKind.Forbidden,
  404: ErrorKind.NotFound,
  409: ErrorKind.Conflict,
  413: ErrorKind.TooLarge,
  422: ErrorKind.Invalid,
  429: ErrorKind.RateLimited,
  503: ErrorKind.Unavailable,
};

/** Turns any error into application/problem+json; a 5xx never shows its stack or message. */
export function toProblem(error: unknown, correlationId?: string): ProblemDetails {
  if (error instanceof DomainError) return error.toProblem(correlationId);
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const kind = KIND_BY_STATUS[status] ?? ErrorKind.BadRequest;
    const body = error.getResponse();
    const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
    return {
      type: problemType(kind),
      title: kind,
      status,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
      code: kind,
      ...(correlationId === undefined ? {} : { correlationId }),
    };
  }
  const status = error instanceof HttpException ? error.getStatus() : 500;
  return {
    type: problemType(ErrorKind.Internal),
    title: ErrorKind.Internal,
    status,
    detail: 'The server failed to handle the request; quote the correlation id when reporting it.',
    code: ErrorKind.Internal,
    ...(correlationId === undefined ? {} : { correlationId }),
  };
}

@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemJsonFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error, currentCorrelationId());
    if (problem.status >= 500) {
      this.logger.error(
        error instanceof Error ? error.message : String(error),
        error instanceof Error ? error.stack : undefined,
      );
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
