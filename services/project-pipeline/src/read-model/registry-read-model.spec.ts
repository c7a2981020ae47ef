import { decodeEvent, encodeEvent, type EventType } from '@parkledger/contracts';
import { registryChange } from './registry-read-model';

/** An event as it comes off the wire: encoded and decoded, so unset fields read as protobuf's defaults. */
const event = (type: EventType, payload: object) => decodeEvent(type, encodeEvent(type, payload as never));

describe('registryChange', () => {
  const id = '01a20000-0000-7000-8000-00000000beef';
  const parent = '01a20000-0000-7000-8000-00000000cafe';

  it.each([
    'parkledger.park.registered.v1',
    'parkledger.park.updated.v1',
    'parkledger.park.moved.v1',
    'parkledger.park.retired.v1',
  ] as const)('reads a park from %s, a root and a park in use as nulls', (type) => {
    expect(registryChange(event(type, { park: { id, nameEn: 'Heze' } }))).toEqual({
      kind: 'park',
      id,
      parentId: null,
      nameEn: 'Heze',
      retiredOn: null,
    });
    expect(
      registryChange(event(type, { park: { id, parentId: parent, nameEn: 'Heze', retiredOn: '2025-06-30' } })),
    ).toEqual({ kind: 'park', id, parentId: parent, nameEn: 'Heze', retiredOn: '2025-06-30' });
  });

  it('reads a removal and an enterprise', () => {
    expect(registryChange(event('parkledger.park.removed.v1', { parkId: id }))).toEqual({ kind: 'park-removed', id });
    for (const type of ['parkledger.enterprise.registered.v1', 'parkledger.enterprise.updated.v1'] as const) {
      expect(registryChange(event(type, { enterprise: { id, name: 'Huamu Medical' } }))).toEqual({
        kind: 'enterprise',
        id,
        name: 'Huamu Medical',
      });
    }
  });

  it('refuses an event without its park or enterprise, and one from another topic', () => {
    expect(() => registryChange(event('parkledger.park.updated.v1', {}))).toThrow(
      'parkledger.park.updated.v1 without a park',
    );
    expect(() => registryChange(event('parkledger.enterprise.registered.v1', {}))).toThrow(
      'parkledger.enterprise.registered.v1 without an enterprise',
    );
    expect(() => registryChange(event('parkledger.project.registered.v1', {}))).toThrow(
      "the pipeline's read model does not handle parkledger.project.registered.v1",
    );
  });
});
