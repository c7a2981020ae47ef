import { currentCorrelationId, withCorrelation } from '../logging/correlation';
import { createLogger } from '../logging/logger';
import { activeTraceContext, detached, inSpan, logTraceIds, startSpan, startTracing, tracingEnabled } from './tracing';

/** With no OTLP endpoint nothing is registered: the helpers run the work and write no context. */
describe('tracing without an endpoint', () => {
  beforeAll(() => startTracing('unit', '', createLogger('unit', 'silent')));

  it('is off, starts no span and sends no context', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('nothing')).toBeUndefined();
    const inside = await inSpan('work', {}, (span) => Promise.resolve({ span, carrier: activeTraceContext() }));
    expect(inside).toEqual({ span: undefined, carrier: {} });
    expect(logTraceIds()).toEqual({});
  });

  it('runs detached work outside the request’s correlation id', () => {
    expect(
      withCorrelation('request-1', () => [currentCorrelationId(), detached(() => currentCorrelationId())]),
    ).toEqual(['request-1', undefined]);
  });

  it('still fails the way the work does', async () => {
    await expect(inSpan('work', {}, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
