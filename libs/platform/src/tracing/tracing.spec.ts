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

  it("inSpan gives fn's own promise, with no async frame around it", async () => {
    const work = Promise.resolve(42);
    const traced = inSpan('write transaction', {}, (span) => {
      expect(span).toBeUndefined();
      return work;
    });
    expect(traced).toBe(work);
    await expect(traced).resolves.toBe(42);
  });

  it('inSpan turns a throw of fn into a rejection, as an async function would', async () => {
    const thrown = new Error('no caller token');
    const traced = inSpan('call', {}, () => {
      throw thrown;
    });
    await expect(traced).rejects.toBe(thrown);
  });

  it('hands out one shared empty context and no trace ids, not an object a call', () => {
    expect(activeTraceContext()).toEqual({});
    expect(activeTraceContext()).toBe(activeTraceContext());
    expect(logTraceIds()).toEqual({});
    expect(logTraceIds()).toBe(logTraceIds());
  });
});
