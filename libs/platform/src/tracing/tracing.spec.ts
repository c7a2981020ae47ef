import { activeTraceContext, inSpan, logTraceIds, startSpan, startTracing, tracingEnabled } from './tracing';

/** With no OTLP endpoint nothing is registered: the helpers run the work and write no context. */
describe('tracing without an endpoint', () => {
  beforeAll(() => startTracing('unit', ''));

  it('is off, starts no span and sends no context', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('nothing')).toBeUndefined();
    const inside = await inSpan('work', {}, (span) => Promise.resolve({ span, carrier: activeTraceContext() }));
    expect(inside).toEqual({ span: undefined, carrier: {} });
    expect(logTraceIds()).toEqual({});
  });

  it('still fails the way the work does', async () => {
    await expect(inSpan('work', {}, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
