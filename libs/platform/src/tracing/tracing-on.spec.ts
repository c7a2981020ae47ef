import {
  activeIn,
  activeTraceContext,
  endSpan,
  inSpan,
  logTraceIds,
  receivedTraceContext,
  startSpan,
  startTracing,
  tracingEnabled,
} from './tracing';

const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/**
 * With an endpoint: these spans are made, never sent (the batch waits longer than the test, and the
 * exporter's HTTP transport is not loaded under Jest; the e2e spec sends them to a receiver).
 */
describe('tracing with an endpoint', () => {
  beforeAll(() => {
    process.env.OTEL_BSP_SCHEDULE_DELAY = '600000';
    startTracing('unit', 'http://127.0.0.1:9/');
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

  it('has no trace ids for a log line outside any span', () => {
    expect(logTraceIds()).toEqual({});
  });
});
