import {
  auditedAggregates,
  auditedEventTypes,
  EVENTS,
  isEventType,
  isPolicyKey,
  type GetAggregateHistoryRequestJson,
  type PageJson,
  type SearchEventsRequestJson,
} from '@parkledger/contracts';
import { CORRELATION_ID_PATTERN, isUuid } from '@parkledger/platform';
import { DEFAULT_PAGE_SIZE, FieldCheck, MAX_PAGE_SIZE } from '@parkledger/service-kit';
import { isInstant } from '../log/instant';
import { AuditErrorCode } from '../proofs/audit.errors';

/** The aggregate types and event types the log reads. */
export const AUDITED_AGGREGATES: readonly string[] = auditedAggregates();
export const AUDITED_EVENT_TYPES: readonly string[] = auditedEventTypes();

const ANY_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITION = /^(0|[1-9][0-9]{0,15})$/;

export interface Aggregate {
  type: string;
  id: string;
}

export interface SearchQuery {
  aggregate?: { type: string; id?: string };
  eventType?: string;
  /** occurred_at from (inclusive) and to (exclusive), RFC 3339 as given */
  occurredFrom?: string;
  occurredTo?: string;
  correlationId?: string;
  /** the position of the last event of the page before */
  after: number | undefined;
  limit: number;
}

/** Where the page before ended: in the aggregate's own events (at a version and position), or in those attached. */
export type HistoryCursor = { own: { version: bigint; position: number } } | { attached: number };

export interface HistoryQuery {
  aggregate: Aggregate;
  after: HistoryCursor | undefined;
  limit: number;
}

const cursorText = (text: string) => Buffer.from(text).toString('base64url');

/** A cursor after a row of a list ordered by a number: an entry's position, an anomaly's id. */
export const cursorOf = (value: number | string): string => cursorText(String(value));

/** A history's cursor after one of its events. */
export const historyCursor = (after: HistoryCursor): string =>
  cursorText('own' in after ? `v${after.own.version}.${after.own.position}` : `p${after.attached}`);

/** Reads the search's filters and page, naming every field that breaks a rule at once. */
export function searchQuery(request: SearchEventsRequestJson): SearchQuery {
  const check = new FieldCheck(AuditErrorCode.Invalid);
  const aggregate = aggregateFilter(check, request.aggregateType, request.aggregateId);
  const eventType = request.eventType ?? '';
  if (eventType !== '') {
    if (!isEventType(eventType) || !AUDITED_EVENT_TYPES.includes(eventType)) {
      check.fail('eventType', 'event-type', `eventType "${eventType}" is not an event type of the registry`);
    } else if (aggregate !== undefined && EVENTS[eventType].aggregate !== aggregate.type) {
      check.fail(
        'eventType',
        'of-aggregateType',
        `eventType ${eventType} is an event of a ${EVENTS[eventType].aggregate}, not of a ${aggregate.type}`,
      );
    }
  }
  const from = instant(check, 'occurredFrom', request.occurredFrom);
  const to = instant(check, 'occurredTo', request.occurredTo);
  if (from !== undefined && to !== undefined && Date.parse(to) < Date.parse(from)) {
    check.fail('occurredTo', 'not-before-occurredFrom', `occurredTo ${to} is before occurredFrom ${from}`);
  }
  const correlationId = request.correlationId ?? '';
  if (correlationId !== '' && !CORRELATION_ID_PATTERN.test(correlationId)) {
    check.fail('correlationId', 'correlation-id', 'correlationId is 1 to 64 letters, digits, _ or -');
  }
  const page = pageOf(check, request.page, (text) => (POSITION.test(text) ? Number(text) : undefined));
  check.done();
  return {
    ...(aggregate === undefined ? {} : { aggregate }),
    ...(eventType === '' ? {} : { eventType }),
    ...(from === undefined ? {} : { occurredFrom: from }),
    ...(to === undefined ? {} : { occurredTo: to }),
    ...(correlationId === '' ? {} : { correlationId }),
    after: page.after,
    limit: page.limit,
  };
}

/** Reads the aggregate a history is of, and its page. */
export function historyQuery(request: GetAggregateHistoryRequestJson): HistoryQuery {
  const check = new FieldCheck(AuditErrorCode.Invalid);
  const type = aggregateType(check, request.aggregateType ?? '');
  const id = aggregateId(check, type, request.aggregateId ?? '');
  const page = pageOf(check, request.page, parseHistoryCursor);
  check.done();
  return { aggregate: { type: type ?? '', id }, after: page.after, limit: page.limit };
}

/** An aggregate type and id to filter by: each may be left out, but an id needs its type. */
export function aggregateFilter(
  check: FieldCheck,
  typeText: string | undefined,
  idText: string | undefined,
): { type: string; id?: string } | undefined {
  const [typeGiven, idGiven] = [typeText ?? '', idText ?? ''];
  if (typeGiven === '') {
    if (idGiven !== '') check.fail('aggregateId', 'needs-aggregateType', 'aggregateId needs aggregateType');
    return undefined;
  }
  const type = aggregateType(check, typeGiven);
  if (type === undefined) return undefined;
  return idGiven === '' ? { type } : { type, id: aggregateId(check, type, idGiven) };
}

function aggregateType(check: FieldCheck, text: string): string | undefined {
  if (AUDITED_AGGREGATES.includes(text)) return text;
  const field = 'aggregateType';
  if (text === '') check.fail(field, 'required', `${field} is required`);
  else check.fail(field, 'one-of', `${field} must be one of ${AUDITED_AGGREGATES.join(', ')}, got "${text}"`);
  return undefined;
}

/**
 * An aggregate's id as its events carry it: a policy's key for a policy, any text up to 200
 * characters for a diagnostic probe, else a UUID (taken in either case, answered in lower case).
 */
function aggregateId(check: FieldCheck, type: string | undefined, text: string): string {
  const field = 'aggregateId';
  if (text === '') {
    check.fail(field, 'required', `${field} is required`);
    return text;
  }
  switch (type) {
    case undefined:
      return text;
    case 'policy':
      if (!isPolicyKey(text))
        check.fail(field, 'policy-key', `${field} of a policy is its key, e.g. jinan-2019-biomedical`);
      return text;
    case 'probe':
      if ([...text].length > 200) check.fail(field, 'max-length', `${field} has at most 200 characters`);
      return text;
    default: {
      const id = ANY_CASE_UUID.test(text) ? text.toLowerCase() : text;
      if (!isUuid(id)) check.fail(field, 'uuid', `${field} of a ${type} is a UUID`);
      return id;
    }
  }
}

function instant(check: FieldCheck, field: string, text: string | undefined): string | undefined {
  if ((text ?? '') === '') return undefined;
  if (!isInstant(text as string)) {
    check.fail(field, 'instant', `${field} must be an RFC 3339 instant like 2026-01-15T00:00:00Z`);
    return undefined;
  }
  return text;
}

/** The page's size (0: the default) and where the page before ended, read from its cursor. */
export function pageOf<T>(
  check: FieldCheck,
  page: PageJson | undefined,
  parse: (cursor: string) => T | undefined,
): { after: T | undefined; limit: number } {
  const limit = page?.limit ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    check.fail('limit', 'range', `limit must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const cursor = page?.cursor ?? '';
  const after = cursor === '' ? undefined : parse(Buffer.from(cursor, 'base64url').toString());
  if (cursor !== '' && after === undefined) {
    check.fail('cursor', 'cursor', 'the cursor is not one this API gave out: pass nextCursor of the page before');
  }
  return { after, limit: limit || DEFAULT_PAGE_SIZE };
}

function parseHistoryCursor(text: string): HistoryCursor | undefined {
  const own = /^v([1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,15})$/.exec(text);
  if (own !== null) return { own: { version: BigInt(own[1] as string), position: Number(own[2]) } };
  const attached = /^p(0|[1-9][0-9]{0,15})$/.exec(text);
  return attached === null ? undefined : { attached: Number(attached[1]) };
}
