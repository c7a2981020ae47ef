import { encodeEvent } from '@parkledger/contracts';
import { loggedEventJson, payloadJson } from './event-json';
import { type EventRow } from './events.repository';

const PROJECT = '01a20000-0000-7000-8000-000000000001';

const row = (over: Partial<EventRow> = {}): EventRow => ({
  position: '41',
  leaf: Buffer.alloc(32, 1),
  link: Buffer.alloc(32, 2),
  topic: 'parkledger.projects.v1',
  partition: 0,
  offset: '7',
  event_id: '01a20000-0000-7000-8000-0000000000ff',
  event_type: 'parkledger.project.signed.v1',
  aggregate_type: 'project',
  aggregate_id: PROJECT,
  aggregate_version: '3',
  occurred_at: new Date('2026-01-02T03:04:05.678Z'),
  correlation_id: null,
  headers: { ce_type: 'parkledger.project.signed.v1' },
  value: Buffer.from(
    encodeEvent('parkledger.project.signed.v1', {
      projectId: PROJECT,
      plannedInvestment: { minorUnits: 123_456_789_012_345_678n, currency: 'CNY' },
      signedOn: '2026-01-02',
    }),
  ),
  ...over,
});

describe('an event as an auditor reads it', () => {
  it('gives its place, hashes, record and payload in protobuf’s JSON mapping, int64 as exact strings', () => {
    const json = loggedEventJson(row());
    expect(json).toMatchObject({
      position: '41',
      leafHash: Buffer.alloc(32, 1).toString('base64'),
      link: Buffer.alloc(32, 2).toString('base64'),
      offset: '7',
      aggregateVersion: '3',
      occurredAt: '2026-01-02T03:04:05.678Z',
      correlationId: '',
      value: row().value.toString('base64'),
    });
    expect(json.attachedBy).toBeUndefined();
    expect(JSON.parse(json.payloadJson ?? '')).toEqual({
      projectId: PROJECT,
      parkId: '',
      enterpriseId: '',
      industryField: '',
      plannedInvestment: { minorUnits: '123456789012345678', currency: 'CNY' },
      signedOn: '2026-01-02',
    });
  });

  it('says what attached an event of another aggregate to a history, and leaves an unlinked one’s link empty', () => {
    const json = loggedEventJson(row({ link: null, via_type: 'investment', via_id: PROJECT }));
    expect([json.link, json.attachedBy]).toEqual(['', { type: 'investment', id: PROJECT }]);
  });

  it('gives a record it could not read with an empty envelope and payload, its bytes as logged', () => {
    const json = loggedEventJson(
      row({
        event_id: null,
        event_type: null,
        aggregate_type: null,
        aggregate_id: null,
        aggregate_version: null,
        occurred_at: null,
        value: Buffer.from([0xff]),
      }),
    );
    expect(json).toMatchObject({
      eventType: '',
      aggregateVersion: '0',
      occurredAt: '',
      payloadJson: '',
      value: '/w==',
    });
  });

  it('gives no payload for bytes the registry no longer reads', () => {
    expect(payloadJson('parkledger.project.signed.v1', Buffer.from([0xff, 0xff]))).toBe('');
    expect(payloadJson('parkledger.project.sold.v1', Buffer.alloc(0))).toBe('');
  });
});
