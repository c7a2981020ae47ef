import { AuditError } from '../proofs/audit.errors';
import { matches, tailStartOf } from './tail-request';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof AuditError)) throw error;
    return { code: error.code, kind: error.kind, fields: error.fields.map((f) => [f.field, f.rule]) };
  }
  throw new Error('not refused');
};

describe("a tail's request", () => {
  it('starts at the log’s end when no position is given, and lets every entry through', () => {
    const start = tailStartOf({});
    expect(start.after).toBeUndefined();
    expect(matches(start.filter, { position: '1' } as never)).toBe(true);
  });

  it('takes a position (-1: from the first), types, and an aggregate', () => {
    const start = tailStartOf({
      after: '-1',
      type: ['parkledger.park.registered.v1', 'parkledger.park.retired.v1'],
      aggregateType: 'park',
      aggregateId: 'p-1',
    });
    expect(start.after).toBe(-1);
    expect(
      matches(start.filter, { eventType: 'parkledger.park.retired.v1', aggregateType: 'park', aggregateId: 'p-1' }),
    ).toBe(true);
    expect(
      matches(start.filter, { eventType: 'parkledger.park.updated.v1', aggregateType: 'park', aggregateId: 'p-1' }),
    ).toBe(false);
    expect(
      matches(start.filter, { eventType: 'parkledger.park.retired.v1', aggregateType: 'park', aggregateId: 'p-2' }),
    ).toBe(false);
    expect(matches(start.filter, {})).toBe(false); // an undecodable entry: only an open filter shows it
  });

  it('names every field at fault in one 400', () => {
    expect(
      refusal(() =>
        tailStartOf({ after: '-2', type: ['parkledger.park.registered.v1', 'park.opened'], aggregateId: 'x' }),
      ),
    ).toEqual({
      code: 'audit-stream-invalid',
      kind: 'bad-request',
      fields: [
        ['after', 'position'],
        ['type[1]', 'event-type'],
        ['aggregateId', 'requires-aggregateType'],
      ],
    });
    expect(refusal(() => tailStartOf({ after: '99999999999999999' })).fields).toEqual([['after', 'position']]);
    expect(refusal(() => tailStartOf({ aggregateType: 'parks' })).fields).toEqual([
      ['aggregateType', 'aggregate-type'],
    ]);
    expect(refusal(() => tailStartOf({ aggregateType: 'park', aggregateId: 'x'.repeat(201) })).fields).toEqual([
      ['aggregateId', 'max-length'],
    ]);
  });
});
