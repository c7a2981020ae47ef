import { DomainError } from '@parkledger/platform';
import { FieldCheck } from '@parkledger/service-kit';
import {
  aggregateFilter,
  AUDITED_AGGREGATES,
  AUDITED_EVENT_TYPES,
  cursorOf,
  historyCursor,
  historyQuery,
  searchQuery,
} from './event-requests';

const PROJECT = '01a20000-0000-7000-8000-000000000001';

/** The fields and rules a refusal names. */
function refusal(work: () => unknown): [string, string][] {
  try {
    work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect([error.code, error.kind]).toEqual(['audit-invalid', 'invalid']);
    return error.fields.map((f) => [f.field, f.rule]);
  }
  throw new Error('not refused');
}

describe('the search’s filters', () => {
  it('knows the aggregates and event types the log reads, from the registry, and not the log’s own', () => {
    expect(AUDITED_AGGREGATES).toEqual([
      'award',
      'enterprise',
      'fund',
      'park',
      'policy',
      'probe',
      'project',
      'settlement',
    ]);
    expect(AUDITED_EVENT_TYPES).toContain('parkledger.project.signed.v1');
    expect(AUDITED_EVENT_TYPES).not.toContain('parkledger.checkpoint.signed.v1');
  });

  it('takes every filter, an aggregate id in either case, and a default page', () => {
    expect(
      searchQuery({
        aggregateType: 'project',
        aggregateId: PROJECT.toUpperCase(),
        eventType: 'parkledger.project.signed.v1',
        occurredFrom: '2026-01-01T00:00:00Z',
        occurredTo: '2026-01-01T00:00:00Z',
        correlationId: 'req-42',
      }),
    ).toEqual({
      aggregate: { type: 'project', id: PROJECT },
      eventType: 'parkledger.project.signed.v1',
      occurredFrom: '2026-01-01T00:00:00Z',
      occurredTo: '2026-01-01T00:00:00Z',
      correlationId: 'req-42',
      after: undefined,
      limit: 50,
    });
    expect(searchQuery({ page: { cursor: cursorOf(41), limit: 200 } })).toEqual({ after: 41, limit: 200 });
  });

  it('names every field that breaks a rule, at once', () => {
    expect(
      refusal(() =>
        searchQuery({
          aggregateType: 'checkpoint',
          eventType: 'parkledger.project.sold.v1',
          occurredFrom: '2023-02-30T00:00:00Z',
          occurredTo: 'yesterday',
          correlationId: 'has space',
          page: { cursor: 'bm90LWEtbnVtYmVy', limit: 201 },
        }),
      ),
    ).toEqual([
      ['aggregateType', 'one-of'],
      ['eventType', 'event-type'],
      ['occurredFrom', 'instant'],
      ['occurredTo', 'instant'],
      ['correlationId', 'correlation-id'],
      ['limit', 'range'],
      ['cursor', 'cursor'],
    ]);
  });

  it.each([
    [{ aggregateId: PROJECT }, 'aggregateId', 'needs-aggregateType'],
    [{ aggregateType: 'project', aggregateId: 'not-a-uuid' }, 'aggregateId', 'uuid'],
    [{ aggregateType: 'policy', aggregateId: 'Jinan 2019' }, 'aggregateId', 'policy-key'],
    [{ aggregateType: 'probe', aggregateId: 'p'.repeat(201) }, 'aggregateId', 'max-length'],
    [{ aggregateType: 'fund', eventType: 'parkledger.project.signed.v1' }, 'eventType', 'of-aggregateType'],
    [{ eventType: 'parkledger.checkpoint.signed.v1' }, 'eventType', 'event-type'],
    [
      { occurredFrom: '2026-01-02T00:00:00Z', occurredTo: '2026-01-01T23:59:59+00:00' },
      'occurredTo',
      'not-before-occurredFrom',
    ],
    [{ page: { limit: -1 } }, 'limit', 'range'],
    [{ page: { cursor: cursorOf('-1') } }, 'cursor', 'cursor'],
    [{ page: { cursor: cursorOf('99999999999999999') } }, 'cursor', 'cursor'],
  ])('refuses %j naming %s (%s)', (request, field, rule) => {
    expect(refusal(() => searchQuery(request))).toEqual([[field, rule]]);
  });

  it('compares the time range as instants, whatever their offsets', () => {
    expect(
      searchQuery({ occurredFrom: '2026-01-01T08:00:00+08:00', occurredTo: '2026-01-01T00:00:00Z' }).occurredTo,
    ).toBe('2026-01-01T00:00:00Z');
  });

  it('takes a policy by its key and a probe by any id', () => {
    const check = new FieldCheck('audit-invalid');
    expect(aggregateFilter(check, 'policy', 'jinan-2019-biomedical')).toEqual({
      type: 'policy',
      id: 'jinan-2019-biomedical',
    });
    expect(aggregateFilter(check, 'probe', 'probe-7')).toEqual({ type: 'probe', id: 'probe-7' });
    expect(aggregateFilter(check, 'fund', undefined)).toEqual({ type: 'fund' });
    expect(() => check.done()).not.toThrow();
  });
});

describe('a history’s request', () => {
  it('needs an aggregate type and id', () => {
    expect(refusal(() => historyQuery({}))).toEqual([
      ['aggregateType', 'required'],
      ['aggregateId', 'required'],
    ]);
    expect(refusal(() => historyQuery({ aggregateType: 'projects', aggregateId: PROJECT }))).toEqual([
      ['aggregateType', 'one-of'],
    ]);
  });

  it('pages through the own events by version and position, then the attached by position', () => {
    const own = historyCursor({ own: { version: 12n, position: 4000 } });
    const attached = historyCursor({ attached: 4100 });
    expect(historyQuery({ aggregateType: 'project', aggregateId: PROJECT, page: { cursor: own } })).toEqual({
      aggregate: { type: 'project', id: PROJECT },
      after: { own: { version: 12n, position: 4000 } },
      limit: 50,
    });
    expect(historyQuery({ aggregateType: 'project', aggregateId: PROJECT, page: { cursor: attached } }).after).toEqual({
      attached: 4100,
    });
    for (const cursor of [cursorOf(7), cursorOf('v0.1'), cursorOf('p-1'), 'not base64 at all']) {
      expect(refusal(() => historyQuery({ aggregateType: 'project', aggregateId: PROJECT, page: { cursor } }))).toEqual(
        [['cursor', 'cursor']],
      );
    }
  });
});
