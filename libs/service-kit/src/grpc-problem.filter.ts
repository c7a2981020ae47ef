import { Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { isTransientDatabaseError } from '@parkledger/messaging';
import { DomainError, ErrorKind, toGrpcFailure } from '@parkledger/platform';
import { throwError, type Observable } from 'rxjs';

/**
 * Domain errors go back as their gRPC status with the problem as JSON; a failure of the database
 * that passes (unreachable, restarting, a connection lost, out of connections, a deadlock or a
 * serialization failure: isTransientDatabaseError) as UNAVAILABLE, which the gateway answers with
 * 503 and "retry later"; anything else as INTERNAL, unexplained.
 */
@Catch()
export class GrpcProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('GrpcProblemFilter');

  catch(error: unknown): Observable<never> {
    const message = error instanceof Error ? error.message : String(error);
    let answer: DomainError;
    if (error instanceof DomainError) {
      answer = error as DomainError;
    } else if (isTransientDatabaseError(error)) {
      this.logger.warn(`a transient database failure, answered retry-later: ${message}`);
      answer = new DomainError('service-unavailable', ErrorKind.Unavailable, 'the service is unavailable; retry later');
    } else {
      this.logger.error(message, error instanceof Error ? error.stack : undefined);
      answer = new DomainError('internal', ErrorKind.Internal, 'internal error');
    }
    return throwError(() => new RpcException(toGrpcFailure(answer)).getError());
  }
}
