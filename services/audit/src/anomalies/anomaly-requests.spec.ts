import { DomainError } from '@parkledger/platform';
import { cursorOf } from '../events/event-requests';
import { anomalyQuery } from './anomaly-requests';

describe('the anomalies’ filters', () => {
  it('takes a kind, a status, an aggregate and a page', () => {
    expect(
      anomalyQuery({
        kind: 'conflicting-version',
        status: 'open',
        aggregateType: 'park',
        aggregateId: '01a20000-0000-7000-8000-000000000001',
        page: { cursor: cursorOf('12'), limit: 10 },
      }),
    ).toEqual({
      kind: 'conflicting-version',
      status: 'open',
      aggregate: { type: 'park', id: '01a20000-0000-7000-8000-000000000001' },
      after: '12',
      limit: 10,
    });
    expect(anomalyQuery({})).toEqual({ after: undefined, limit: 50 });
  });

  it('names every field that breaks a rule', () => {
    let fields: [string, string][] = [];
    try {
      anomalyQuery({ kind: 'tampered', status: 'closed', aggregateId: 'x', page: { cursor: cursorOf('0') } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fields = error.fields.map((f) => [f.field, f.rule]);
    }
    expect(fields).toEqual([
      ['kind', 'one-of'],
      ['status', 'one-of'],
      ['aggregateId', 'needs-aggregateType'],
      ['cursor', 'cursor'],
    ]);
  });
});
