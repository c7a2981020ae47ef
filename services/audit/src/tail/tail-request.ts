import { EVENTS, isEventType, type TailRequestJson } from '@parkledger/contracts';
import { DomainError, ErrorKind, type FieldProblem } from '@parkledger/platform';
import { FieldCheck } from '@parkledger/service-kit';
import { aggregateFilter, AUDITED_EVENT_TYPES } from '../events/event-requests';
import { AuditErrorCode } from '../proofs/audit.errors';

/** What a tail gives: events of any of `types` (none: every entry), of one aggregate type, of one aggregate. */
export interface TailFilter {
  types: ReadonlySet<string>;
  aggregateType?: string;
  aggregateId?: string;
}

/** An entry as a filter sees it: an undecodable one has no envelope, and only an open filter lets it through. */
export interface Filterable {
  eventType?: string;
  aggregateType?: string;
  aggregateId?: string;
}

export function matches(filter: TailFilter, entry: Filterable): boolean {
  if (filter.types.size > 0 && !filter.types.has(entry.eventType ?? '')) return false;
  if (filter.aggregateType !== undefined && entry.aggregateType !== filter.aggregateType) return false;
  return filter.aggregateId === undefined || entry.aggregateId === filter.aggregateId;
}

/** A tail's request, checked: where it starts (absent: the log's end) and what it lets through. */
export interface TailStart {
  after?: number;
  filter: TailFilter;
}

const POSITION = /^(-1|0|[1-9][0-9]{0,15})$/;

/**
 * Checks a tail's request: every field at fault is named in one 422 `audit-stream-invalid` (a
 * stream is opened or not), with the rules of the events' search for the aggregate and the types.
 */
export function tailStartOf(request: TailRequestJson): TailStart {
  const check = new FieldCheck(AuditErrorCode.StreamInvalid);
  let after: number | undefined;
  if (request.after !== undefined) {
    if (POSITION.test(request.after) && Number.isSafeInteger(Number(request.after))) after = Number(request.after);
    else
      check.fail(
        'after',
        'position',
        'after must be a position in the log (a whole number from 0), or -1 for the first',
      );
  }
  const aggregate = aggregateFilter(check, request.aggregateType, request.aggregateId);
  const types = request.type ?? [];
  types.forEach((type, n) => {
    const field = `type[${n}]`;
    if (!isEventType(type) || !AUDITED_EVENT_TYPES.includes(type)) {
      check.fail(field, 'event-type', `${field} "${type.slice(0, 80)}" is not an event type the log reads`);
    } else if (aggregate !== undefined && EVENTS[type].aggregate !== aggregate.type) {
      check.fail(
        field,
        'of-aggregateType',
        `${field} ${type} is an event of a ${EVENTS[type].aggregate}, not of a ${aggregate.type}`,
      );
    }
  });
  check.done();
  return {
    ...(after === undefined ? {} : { after }),
    filter: {
      types: new Set(types),
      ...(aggregate === undefined ? {} : { aggregateType: aggregate.type }),
      ...(aggregate?.id === undefined ? {} : { aggregateId: aggregate.id }),
    },
  };
}

export const streamInvalid = (problems: FieldProblem[]) =>
  new DomainError(AuditErrorCode.StreamInvalid, ErrorKind.Invalid, problems.map((p) => p.message).join('; '), problems);
