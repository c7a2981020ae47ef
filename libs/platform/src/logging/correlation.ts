import { AsyncLocalStorage } from 'node:async_hooks';
import { uuidv7 } from '../ids/uuid';

interface CorrelationContext {
  correlationId: string;
}

const store = new AsyncLocalStorage<CorrelationContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

/** A correlation id a caller may give: 1 to 64 letters, digits, _ or - (a UUID is one). */
export const CORRELATION_ID_PATTERN = /^[\w-]{1,64}$/;

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}

/** Runs fn with a correlation id that every log line and every event written inside it carries. */
export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return store.run({ correlationId: correlationId ?? uuidv7() }, fn);
}

/** Runs fn with no correlation id: work of no request's. */
export function withoutCorrelation<T>(fn: () => T): T {
  return store.exit(fn);
}

interface HttpRequestLike {
  header(name: string): string | undefined;
}
interface HttpResponseLike {
  setHeader(name: string, value: string): unknown;
}

/**
 * HTTP middleware: takes the caller's x-correlation-id when it is sane, or makes one, echoes it
 * on the response, and runs the rest of the request inside it.
 */
export function correlationMiddleware(request: HttpRequestLike, response: HttpResponseLike, next: () => void): void {
  const incoming = request.header(CORRELATION_HEADER);
  const correlationId = incoming !== undefined && CORRELATION_ID_PATTERN.test(incoming) ? incoming : uuidv7();
  response.setHeader(CORRELATION_HEADER, correlationId);
  withCorrelation(correlationId, next);
}
