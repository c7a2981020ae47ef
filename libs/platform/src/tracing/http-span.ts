import { activeIn, endSpan, receivedTraceContext, SpanKind, startSpan, tracingEnabled } from './tracing';

interface RequestLike {
  method: string;
  originalUrl: string;
  baseUrl: string;
  headers: Record<string, string | string[] | undefined>;
  /** the route Express matched, once it has */
  route?: { path?: unknown };
}
interface ResponseLike {
  statusCode: number;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * HTTP middleware: a server span for each API request (not health probes, metrics scrapes or the
 * documents), named by the route it matched (`POST /api/v1/projects/:id/signing`) once it ends. The
 * rest of the request runs inside it. It continues the caller's trace when the caller sends a
 * `traceparent`, but never takes the caller's `tracestate`: that would ride on every event the
 * request writes, into the audit log. Nothing at all when tracing is off.
 */
export function httpSpanMiddleware(request: RequestLike, response: ResponseLike, next: () => void): void {
  if (!tracingEnabled() || !request.originalUrl.startsWith('/api/')) return next();
  const span = startSpan(request.method, {
    kind: SpanKind.SERVER,
    parent: receivedTraceContext({ traceparent: [request.headers.traceparent].flat()[0] }),
    attributes: { 'http.request.method': request.method, 'url.path': request.originalUrl.split('?')[0] },
  });
  response.once('close', () => {
    const route = request.route?.path;
    if (typeof route === 'string') {
      span?.updateName(`${request.method} ${request.baseUrl}${route}`);
      span?.setAttribute('http.route', `${request.baseUrl}${route}`);
    }
    span?.setAttribute('http.response.status_code', response.statusCode);
    endSpan(span, response.statusCode >= 500 ? new Error(`HTTP ${response.statusCode}`) : undefined);
  });
  activeIn(span, next);
}
