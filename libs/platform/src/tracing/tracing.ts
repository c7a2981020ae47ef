import {
  context,
  diag,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type Logger } from 'pino';
import { DomainError, ErrorKind } from '../errors/problem';
import { withoutCorrelation } from '../logging/correlation';

export { SpanKind, type Span };

/**
 * OpenTelemetry traces: one request from the gateway through gRPC to the service's transaction, and
 * across Kafka to every consumer. The W3C trace context travels in the `traceparent` of HTTP and
 * gRPC, and in each event as the CloudEvents distributed-tracing extension (`ce_traceparent`).
 *
 * Off unless an OTLP endpoint is configured: then nothing is registered, every function here
 * returns at once, and no context is written anywhere.
 */
let enabled = false;
let provider: BasicTracerProvider | undefined;

/**
 * Exports `service`'s spans over OTLP/HTTP to `endpoint` (its base URL, e.g.
 * http://collector:4318; the spans go to /v1/traces), batched (OTEL_BSP_* tune the batches,
 * OTEL_TRACES_SAMPLER the sampling: every trace by default, a caller's decision kept). The SDK's
 * own warnings (a collector that can't be reached) go to `logger`. An empty endpoint leaves tracing
 * off, and the SDK is not even loaded.
 */
export async function startTracing(service: string, endpoint: string, logger: Logger): Promise<void> {
  if (endpoint === '') return;
  const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { OTLPTraceExporter }, resources, sdk] =
    await Promise.all([
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
    ]);
  const warn = (message: string) => logger.warn({ otel: true }, message);
  diag.setLogger({ error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` })),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  enabled = true;
}

/** Sends the spans still buffered, and ends tracing. */
export async function shutdownTracing(): Promise<void> {
  enabled = false;
  await provider?.shutdown();
  provider = undefined;
}

/** Flushes the spans still buffered when the application shuts down. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}

export const tracingEnabled = (): boolean => enabled;

const tracer = () => trace.getTracer('parkledger');

/** W3C trace context in a carrier of strings: HTTP headers, gRPC metadata, Kafka headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** What the functions below give when tracing is off: one shared empty object, not one a call. */
const NONE: Readonly<Record<string, never>> = Object.freeze({});

/** The active span's context, to send on: empty when tracing is off or no span is active. */
export function activeTraceContext(): Readonly<TraceCarrier> {
  if (!enabled) return NONE;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Writes the active span's context into any carrier, e.g. gRPC metadata. */
export function injectTraceContext<C>(carrier: C, setter: TextMapSetter<C>): void {
  if (enabled) propagation.inject(context.active(), carrier, setter);
}

/** The context a received carrier names (none when it names none, or is malformed). */
export function receivedTraceContext<C>(carrier: C, getter?: TextMapGetter<C>): Context {
  return enabled ? propagation.extract(ROOT_CONTEXT, carrier, getter) : ROOT_CONTEXT;
}

/** trace_id and span_id of the active span, for a log line; empty when there is none. */
export function logTraceIds(): Readonly<{ trace_id?: string; span_id?: string }> {
  if (!enabled) return NONE;
  const span = trace.getActiveSpan();
  if (span === undefined) return NONE;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export interface SpanStart {
  kind?: SpanKind;
  attributes?: Attributes;
  /** the span's parent: the active span when not given */
  parent?: Context;
  /** when it started, if before now (ms since the epoch) */
  startTime?: number;
}

/** Starts a span (undefined when tracing is off); it is made active only by `activeIn`. */
export function startSpan(name: string, start: SpanStart = {}): Span | undefined {
  if (!enabled) return undefined;
  const { parent, ...options } = start;
  return tracer().startSpan(name, options, parent ?? context.active());
}

/** Runs `fn` with `span` active, so what it starts and logs is the span's. */
export function activeIn<T>(span: Span | undefined, fn: () => T): T {
  return span === undefined ? fn() : context.with(trace.setSpan(context.active(), span), fn);
}

/**
 * A refusal (a DomainError of the caller's making: invalid, not found, a conflict, ...) is the
 * answer to a call, not a failure of the service.
 */
const refusal = (error: unknown): error is DomainError =>
  error instanceof DomainError && error.kind !== ErrorKind.Internal && error.kind !== ErrorKind.Unavailable;

/**
 * Ends a span. With an error it is marked failed, but for a refusal, which is only named
 * (`parkledger.problem`). The error's type and message go with it, not its stack.
 */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (span === undefined) return;
  if (refusal(error)) {
    span.setAttribute('parkledger.problem', error.code);
  } else if (error !== undefined) {
    const failure = error instanceof Error ? error : new Error(JSON.stringify(error));
    span.setAttribute('error.type', failure.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
}

/**
 * Runs `fn` outside any request: no correlation id, no active span. For work started inside a
 * request that outlives it (a timer shared by every caller), so its logs are not the request's.
 */
export function detached<T>(fn: () => T): T {
  return withoutCorrelation(() => (enabled ? context.with(ROOT_CONTEXT, fn) : fn()));
}

/**
 * Runs `fn` in a span of its own, a child of the active one, ended when `fn` settles. With tracing
 * off it is `fn`'s own promise, with no async frame around it (a gRPC call and a write transaction
 * each go through here).
 */
export function inSpan<T>(name: string, start: SpanStart, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  return inStartedSpan(startSpan(name, start), fn);
}

/**
 * Runs `fn` with a span already started (by `startSpan`, or a consumer's `eventSpan`) active, and
 * ends it when `fn` settles. With no span (tracing off) it is `fn`'s own promise, with no async frame
 * around it.
 */
export function inStartedSpan<T>(span: Span | undefined, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (span !== undefined) return endedWith(span, fn);
  try {
    return fn(undefined);
  } catch (error) {
    // as an async function would: a throw is a rejection, with what was thrown
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(error);
  }
}

async function endedWith<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    const result = await activeIn(span, () => fn(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}
