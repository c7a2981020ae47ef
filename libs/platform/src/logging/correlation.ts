import { AsyncLocalStorage } from 'node:async_hooks';
import { uuidv7 } from '../ids/uuid';

interface CorrelationContext {
  correlationId: string;
}

const store = new AsyncLocalStorage<CorrelationContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}

/** Runs fn with a correlation id that every log line and every event written inside it carries. */
export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return store.run({ correlationId: correlationId ?? uuidv7() }, fn);
}
