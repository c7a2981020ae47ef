import { Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { DomainError, ErrorKind, toGrpcFailure } from '@parkledger/platform';
import { throwError, type Observable } from 'rxjs';

/** Domain errors go back as their gRPC status with the problem as JSON; anything else as INTERNAL, unexplained. */
@Catch()
export class GrpcProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('GrpcProblemFilter');

  catch(error: unknown): Observable<never> {
    if (error instanceof DomainError) {
      const failure = toGrpcFailure(error as DomainError<string>);
      return throwError(() => new RpcException(failure).getError());
    }
    this.logger.error(
      error instanceof Error ? error.message : String(error),
      error instanceof Error ? error.stack : undefined,
    );
    const hidden = new DomainError('internal', ErrorKind.Internal, 'internal error');
    return throwError(() => new RpcException(toGrpcFailure(hidden)).getError());
  }
}
