import {
  activeIn,
  activeTraceContext,
  detached,
  endSpan,
  inSpan,
  logTraceIds,
  receivedTraceContext,
  startSpan,
  startTracing,
  tracingEnabled,
} from './tracing';
import { createLogger } from '../logging/logger';
import { DomainError, ErrorKind } from '../errors/problem';

const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/**
 * With an endpoint: these spans are made, never sent (the batch waits longer than the test, and the
 * exporter's HTTP transport is not loaded under Jest; the e2e spec sends them to a receiver).
 */
describe('tracing with an endpoint', () => {
  beforeAll(async () => {
    process.env.OTEL_BSP_SCHEDULE_DELAY = '600000';
    await startTracing('unit', 'http://127.0.0.1:9/', createLogger('unit', 'silent'));
  });

  it('continues a received trace, and sends on the active span’s context', async () => {
    expect(tracingEnabled()).toBe(true);
    const parent = receivedTraceContext({ traceparent: CALLER });
    const span = startSpan('call', { parent });
    const sent = activeIn(span, () => activeTraceContext());
    const { traceId, spanId } = span?.spanContext() ?? {};
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(sent).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    expect(activeIn(span, () => logTraceIds())).toEqual({ trace_id: traceId, span_id: spanId });
    // a span begun inside another is its child: same trace, another span
    const inner = await activeIn(span, () => inSpan('transaction', {}, () => Promise.resolve(activeTraceContext())));
    expect(inner.traceparent).toMatch(new RegExp(`^00-${traceId}-(?!${spanId})[0-9a-f]{16}-01$`));
    endSpan(span);
  });

  it('starts a trace of its own when the received context is malformed', () => {
    const span = startSpan('call', { parent: receivedTraceContext({ traceparent: '00-not-a-trace-01' }) });
    expect(span?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span?.spanContext().traceId).not.toBe('0af7651916cd43dd8448eb211c80319c');
    endSpan(span);
  });

  it('marks a span failed by the service’s failure, and only names a refusal', () => {
    const ended = (error: unknown) => {
      const span = startSpan('call');
      endSpan(span, error);
      const { status, attributes } = span as unknown as {
        status: { code: number; message?: string };
        attributes: Record<string, unknown>;
      };
      return { status, attributes };
    };
    const refused = ended(new DomainError('park-not-found', ErrorKind.NotFound, 'no such park'));
    expect(refused).toEqual({ status: { code: 0 }, attributes: { 'parkledger.problem': 'park-not-found' } });
    const failed = ended(new TypeError('cannot read x of undefined'));
    expect(failed).toEqual({
      status: { code: 2, message: 'cannot read x of undefined' },
      attributes: { 'error.type': 'TypeError' },
    });
    expect(ended(new DomainError('broker-away', ErrorKind.Unavailable, 'later')).status.code).toBe(2);
  });

  it('runs detached work outside the request’s span', () => {
    const span = startSpan('call');
    expect(activeIn(span, () => detached(() => logTraceIds()))).toEqual({});
    endSpan(span);
  });

  it('has no trace ids for a log line outside any span', () => {
    expect(logTraceIds()).toEqual({});
  });
});
