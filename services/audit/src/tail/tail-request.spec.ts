import { DomainError } from '@parkledger/platform';
import { matches, tailStartOf } from './tail-request';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const refused = error as DomainError<string>;
    return { code: refused.code, kind: refused.kind, fields: refused.fields.map((f) => [f.field, f.rule]) };
  }
  throw new Error('not refused');
};

const PROJECT = '0193a0c4-5b1e-7c3a-9f00-2b1d3c4e5f60';

describe("a tail's request", () => {
  it('starts at the log’s end when no position is given, and lets every entry through', () => {
    const start = tailStartOf({});
    expect(start.after).toBeUndefined();
    expect(matches(start.filter, {})).toBe(true);
  });

  it('takes a position (-1: from the first), types, and an aggregate', () => {
    const start = tailStartOf({
      after: '-1',
      type: ['parkledger.project.registered.v1', 'parkledger.project.signed.v1'],
      aggregateType: 'project',
      aggregateId: PROJECT.toUpperCase(), // a UUID in either case, as the search takes it
    });
    expect(start.after).toBe(-1);
    const of = (eventType: string, aggregateId = PROJECT) => ({ eventType, aggregateType: 'project', aggregateId });
    expect(matches(start.filter, of('parkledger.project.signed.v1'))).toBe(true);
    expect(matches(start.filter, of('parkledger.project.terminated.v1'))).toBe(false);
    expect(matches(start.filter, of('parkledger.project.signed.v1', '0193a0c4-5b1e-7c3a-9f00-2b1d3c4e5f61'))).toBe(
      false,
    );
    expect(matches(start.filter, {})).toBe(false); // an undecodable entry: only an open filter shows it
  });

  it('names every field at fault in one 422, with the search’s rules for the aggregate', () => {
    expect(
      refusal(() =>
        tailStartOf({ after: '-2', type: ['parkledger.park.registered.v1', 'park.opened'], aggregateId: 'x' }),
      ),
    ).toEqual({
      code: 'audit-stream-invalid',
      kind: 'invalid',
      fields: [
        ['after', 'position'],
        ['aggregateId', 'needs-aggregateType'],
        ['type[1]', 'event-type'],
      ],
    });
    expect(refusal(() => tailStartOf({ after: '99999999999999999' })).fields).toEqual([['after', 'position']]);
    expect(refusal(() => tailStartOf({ aggregateType: 'parks' })).fields).toEqual([['aggregateType', 'one-of']]);
    expect(refusal(() => tailStartOf({ aggregateType: 'park', aggregateId: 'x' })).fields).toEqual([
      ['aggregateId', 'uuid'],
    ]);
    expect(
      refusal(() => tailStartOf({ aggregateType: 'fund', type: ['parkledger.park.registered.v1'] })).fields,
    ).toEqual([['type[0]', 'of-aggregateType']]);
    // the log never reads its own checkpoints: a tail of them would never give anything
    expect(refusal(() => tailStartOf({ type: ['parkledger.checkpoint.signed.v1'] })).fields).toEqual([
      ['type[0]', 'event-type'],
    ]);
  });
});
