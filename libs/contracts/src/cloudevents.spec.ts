import { envelopeHeaders, parseEnvelope, type EventEnvelope } from './cloudevents';

const envelope: EventEnvelope = {
  id: '0192f0c4-7e3a-7b1c-8a2d-3e4f5a6b7c8d',
  source: '/parkledger/park-registry',
  type: 'parkledger.probe.emitted.v1',
  time: '2026-11-22T06:00:00.000Z',
  subject: 'probe-1',
  aggregateType: 'probe',
  aggregateVersion: '3',
  correlationId: 'corr-1',
};

describe('CloudEvents binary-mode headers', () => {
  it('writes the required attributes and reads them back', () => {
    const headers = envelopeHeaders(envelope);
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      'content-type': 'application/protobuf',
      ce_subject: 'probe-1',
    });
    const asKafka = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(parseEnvelope(asKafka)).toEqual(envelope);
  });

  it('carries the trace context as the distributed-tracing extension, and reads it back', () => {
    const traced = {
      ...envelope,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=value',
    };
    const headers = envelopeHeaders(traced);
    expect([headers.ce_traceparent, headers.ce_tracestate]).toEqual([traced.traceparent, traced.tracestate]);
    expect(parseEnvelope(headers)).toEqual(traced);
    expect(envelopeHeaders(envelope)).not.toHaveProperty('ce_traceparent');
  });

  it.each(['ce_id', 'ce_type', 'ce_specversion', 'content-type', 'ce_subject'])('names a missing %s', (name) => {
    const headers: Record<string, string> = envelopeHeaders(envelope);
    delete headers[name];
    expect(() => parseEnvelope(headers)).toThrow(`missing header ${name}`);
  });

  it.each(['not-a-uuid', '', '0192f0c4-7e3a-7b1c-8a2d-3e4f5a6b7c8d; DROP'])(
    'refuses a ce_id that is not a UUID: %j',
    (id) => {
      expect(() => parseEnvelope({ ...envelopeHeaders(envelope), ce_id: id })).toThrow(
        id === '' ? 'missing header ce_id' : `ce_id is not a UUID: ${JSON.stringify(id)}`,
      );
    },
  );

  it('refuses a wrong content type', () => {
    expect(() => parseEnvelope({ ...envelopeHeaders(envelope), 'content-type': 'application/json' })).toThrow(
      'unsupported content-type "application/json"',
    );
  });
});
