import { fromBinary, toJson } from '@bufbuild/protobuf';
import { TailResponseSchema, type TailEntryJson } from '@parkledger/contracts';
import { TailSerializer } from './tail-serializer';

const entry = (position: number, payloadJson = '{"probeId":"p"}'): TailEntryJson => ({
  position: String(position),
  leafHash: Buffer.alloc(32, position).toString('base64'),
  eventId: '0193a0c4-5b1e-7c3a-9f00-2b1d3c4e5f60',
  eventType: 'parkledger.probe.emitted.v1',
  aggregateType: 'probe',
  aggregateId: 'p',
  aggregateVersion: String(position + 1),
  occurredAt: '2026-12-01T00:00:00.123Z',
  topic: 'parkledger.probes.v1',
  partition: 2,
  offset: '9007199254740993',
  loggedAt: '2026-12-01T00:00:00.456Z',
  payloadJson,
});

const decoded = (bytes: Buffer) => toJson(TailResponseSchema, fromBinary(TailResponseSchema, bytes));

describe('the tail’s messages on the wire', () => {
  it('reads back as the message it was given, opened or entries, large ones included', () => {
    const serializer = new TailSerializer();
    expect(decoded(serializer.serialize({ opened: { after: '-1' } }))).toEqual({ opened: { after: '-1' } });
    const entries = [entry(1), entry(2, JSON.stringify({ note: 'x'.repeat(300_000) })), entry(3)];
    expect(decoded(serializer.serialize({ entries }))).toEqual({ entries });
  });

  it('encodes an entry once for every stream that sends it', () => {
    const serializer = new TailSerializer();
    const shared = entry(7);
    const first = serializer.serialize({ entries: [shared] });
    shared.payloadJson = 'changed after'; // a second serialize of the same entry reuses its bytes
    expect(serializer.serialize({ entries: [entry(6), shared] }).subarray(-first.length)).toEqual(first);
  });
});
