import { type Logger } from 'pino';

interface RequestLike {
  method: string;
  originalUrl: string;
}
interface ResponseLike {
  statusCode: number;
  on(event: 'finish', listener: () => void): unknown;
}

/** An access log: one JSON line per request, with status and duration, inside its correlation id. */
export function requestLogMiddleware(logger: Logger) {
  return (request: RequestLike, response: ResponseLike, next: () => void): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { method: request.method, path: request.originalUrl, status: response.statusCode, durationMs },
        'request',
      );
    });
    next();
  };
}
