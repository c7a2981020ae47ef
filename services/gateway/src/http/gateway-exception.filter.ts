import { type ArgumentsHost, Catch } from '@nestjs/common';
import { ProblemJsonFilter } from '@parkledger/platform';
import { type Response } from 'express';
import { ReplayedResponse } from '../idempotency/idempotency.interceptor';

/** problem+json for errors; the first answer, unchanged, for an idempotent replay. */
@Catch()
export class GatewayExceptionFilter extends ProblemJsonFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    if (!(error instanceof ReplayedResponse)) {
      super.catch(error, host);
      return;
    }
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('idempotent-replayed', 'true');
    response.status(error.status);
    if (error.status === 204) response.end();
    else response.type(error.contentType).send(JSON.stringify(error.body));
  }
}
