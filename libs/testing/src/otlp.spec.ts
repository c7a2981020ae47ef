import { OtlpReceiver } from './otlp';

const exportOf = (service: string, spans: number) => ({
  resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
  scopeSpans: [
    {
      spans: Array.from({ length: spans }, (_, i) => ({
        traceId: 'a'.repeat(32),
        spanId: String(i).padStart(16, '0'),
        name: `span ${i}`,
        kind: 2,
        status: {},
      })),
    },
  ],
});

const post = (receiver: OtlpReceiver, body: unknown) =>
  fetch(`${receiver.endpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('OtlpReceiver', () => {
  it('keeps every span, with its service, and counts them by service', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const answer = await post(receiver, { resourceSpans: [exportOf('gateway', 2), exportOf('audit', 1)] });
      expect(answer.status).toBe(200);
      expect(receiver.spans.map((span) => `${span.service} ${span.name}`)).toEqual([
        'gateway span 0',
        'gateway span 1',
        'audit span 0',
      ]);
      expect(Object.fromEntries(receiver.counts)).toEqual({ gateway: 2, audit: 1 });
      expect(receiver.received).toBe(3);
    } finally {
      await receiver.stop();
    }
  });

  it('with keep: false only counts them', async () => {
    const receiver = await OtlpReceiver.start({ keep: false });
    try {
      await post(receiver, { resourceSpans: [exportOf('gateway', 3)] });
      await post(receiver, { resourceSpans: [exportOf('gateway', 2), exportOf('park-registry', 4)] });
      expect(receiver.spans).toEqual([]);
      expect(Object.fromEntries(receiver.counts)).toEqual({ gateway: 5, 'park-registry': 4 });
      expect(receiver.received).toBe(9);
    } finally {
      await receiver.stop();
    }
  });
});
