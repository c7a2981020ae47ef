import { activeTraceContext, inSpan, logTraceIds, tracingEnabled } from './tracing';

describe('tracing off (no OTLP endpoint)', () => {
  it('is off', () => {
    expect(tracingEnabled()).toBe(false);
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
