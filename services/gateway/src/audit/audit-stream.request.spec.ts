import { DomainError, ErrorKind } from '@parkledger/platform';
import { asAsked, streamStartOf } from './audit-stream.request';

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

describe('a live tail’s request', () => {
  it('starts at the log’s end with no position, with every filter passed on', () => {
    expect(
      streamStartOf(
        {
          type: ['parkledger.park.registered.v1', 'parkledger.park.retired.v1'],
          aggregateType: 'park',
          aggregateId: 'a',
        },
        undefined,
      ),
    ).toEqual({
      request: {
        type: ['parkledger.park.registered.v1', 'parkledger.park.retired.v1'],
        aggregateType: 'park',
        aggregateId: 'a',
      },
    });
    expect(streamStartOf({ type: 'parkledger.park.registered.v1' }, undefined).request.type).toEqual([
      'parkledger.park.registered.v1',
    ]);
  });

  it('resumes after Last-Event-ID, else after lastEventId, else starts at from', () => {
    expect(streamStartOf({ lastEventId: '7', from: '0' }, '41')).toMatchObject({
      request: { after: '41' },
      source: 'Last-Event-ID',
    });
    expect(streamStartOf({ lastEventId: '7', from: '0' }, undefined)).toMatchObject({
      request: { after: '7' },
      source: 'lastEventId',
    });
    expect(streamStartOf({ from: '0' }, '')).toMatchObject({ request: { after: '-1' }, source: 'from' });
    expect(streamStartOf({ from: '10' }, undefined).request.after).toBe('9');
  });

  it('names every field at fault in one 422', () => {
    expect(
      refusal(() => streamStartOf({ lastEventId: 'x', from: '-1', since: '1', aggregateId: ['a', 'b'] }, '1.5')),
    ).toEqual({
      code: 'audit-stream-invalid',
      kind: ErrorKind.Invalid,
      fields: [
        ['since', 'unknown-field'],
        ['aggregateId', 'single-value'],
        ['Last-Event-ID', 'position'],
        ['lastEventId', 'position'],
        ['from', 'position'],
      ],
    });
  });

  it('names the field the client gave when the service refuses the position', () => {
    const refused = new DomainError(
      'audit-stream-invalid',
      ErrorKind.Invalid,
      'after 99 is past the log’s last position, 3',
      [{ field: 'after', rule: 'within-log', message: 'after 99 is past the log’s last position, 3' }],
    );
    const named = asAsked(refused, streamStartOf({}, '99'));
    expect(named.fields).toEqual([
      { field: 'Last-Event-ID', rule: 'within-log', message: 'Last-Event-ID 99 is past the log’s last position, 3' },
    ]);
    expect([named.code, named.kind, named.message]).toEqual([
      'audit-stream-invalid',
      ErrorKind.Invalid,
      'Last-Event-ID 99 is past the log’s last position, 3',
    ]);
    const from = asAsked(
      new DomainError('audit-stream-invalid', ErrorKind.Invalid, 'x', [
        { field: 'after', rule: 'within-log', message: 'after 9 is past the log’s last position, 3' },
      ]),
      streamStartOf({ from: '10' }, undefined),
    );
    expect(from.fields[0]?.message).toBe('from 10 is past the log’s last position, 3');
  });
});
