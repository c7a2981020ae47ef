import {
  allTopics,
  auditedAggregates,
  auditedEventTypes,
  decodeEvent,
  encodeEvent,
  EventDecodeError,
  EVENTS,
  type DecodedEvent,
} from './registry';

describe('event registry', () => {
  it('names every type parkledger.<aggregate>.<past-verb>.v1 and every topic per aggregate', () => {
    for (const [type, definition] of Object.entries(EVENTS)) {
      expect(type).toMatch(/^parkledger\.[a-z-]+\.[a-z-]+\.v\d+$/);
      expect(type.split('.')[1]).toBe(definition.aggregate);
      // a topic per aggregate type; the audit log's own topic carries the area's name too
      expect(definition.topic).toMatch(/^parkledger\.([a-z]+\.)?[a-z-]+\.v\d+$/);
    }
    expect(allTopics()).toEqual([
      'parkledger.probes.v1',
      'parkledger.parks.v1',
      'parkledger.enterprises.v1',
      'parkledger.settlements.v1',
      'parkledger.projects.v1',
      'parkledger.funds.v1',
      'parkledger.awards.v1',
      'parkledger.audit.checkpoints.v1',
    ]);
  });

  it('round-trips a payload through protobuf, int64 as bigint', () => {
    const bytes = encodeEvent('parkledger.probe.emitted.v1', {
      probeId: 'p-1',
      sequence: 9007199254740993n,
      note: '菏泽',
    });
    const event: DecodedEvent = decodeEvent('parkledger.probe.emitted.v1', bytes);
    if (event.type !== 'parkledger.probe.emitted.v1') throw new Error(`decoded as ${event.type}`);
    expect(event.payload.sequence).toBe(9007199254740993n);
    expect(event.payload.note).toBe('菏泽');
  });

  it('refuses unknown types and bytes that are not the message', () => {
    expect(() => decodeEvent('parkledger.nothing.happened.v1', new Uint8Array())).toThrow('unknown event type');
    expect(() => decodeEvent('parkledger.probe.emitted.v1', Uint8Array.from([0x0f, 0xff]))).toThrow(EventDecodeError);
  });

  it('gives the aggregates and event types the audit log reads: all but its own checkpoints', () => {
    expect(auditedAggregates()).toEqual([
      'award',
      'enterprise',
      'fund',
      'park',
      'policy',
      'probe',
      'project',
      'settlement',
    ]);
    expect(auditedEventTypes()).toContain('parkledger.award.granted.v1');
    expect(auditedEventTypes()).not.toContain('parkledger.checkpoint.signed.v1');
    expect(auditedEventTypes()).toHaveLength(Object.keys(EVENTS).length - 1);
  });
});
