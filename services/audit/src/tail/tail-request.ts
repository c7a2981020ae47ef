import { allAggregates, isEventType, type TailRequestJson } from '@parkledger/contracts';
import { ErrorKind, type FieldProblem } from '@parkledger/platform';
import { AuditError, AuditErrorCode } from '../proofs/audit.errors';

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

/** The longest aggregate id a filter may name; ids are UUIDs or short keys. */
export const MAX_AGGREGATE_ID = 200;
const POSITION = /^(-1|0|[1-9][0-9]{0,15})$/;

const AGGREGATES = new Set(allAggregates());

/** Checks a tail's request; every field at fault is named in one 400 `audit-stream-invalid`. */
export function tailStartOf(request: TailRequestJson): TailStart {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  let after: number | undefined;
  if (request.after !== undefined) {
    if (POSITION.test(request.after) && Number.isSafeInteger(Number(request.after))) after = Number(request.after);
    else
      problem('after', 'position', 'after must be a position in the log (a whole number from 0), or -1 for the first');
  }
  const types = request.type ?? [];
  types.forEach((type, n) => {
    if (!isEventType(type)) {
      problem(
        `type[${n}]`,
        'event-type',
        `type ${JSON.stringify(type.slice(0, 80))} is not an event type of the registry`,
      );
    }
  });
  const aggregateType = request.aggregateType ?? '';
  const aggregateId = request.aggregateId ?? '';
  if (aggregateType !== '' && !AGGREGATES.has(aggregateType)) {
    problem(
      'aggregateType',
      'aggregate-type',
      `aggregateType ${JSON.stringify(aggregateType.slice(0, 80))} is not one of ${[...AGGREGATES].join(', ')}`,
    );
  }
  if (aggregateId !== '' && aggregateType === '') {
    problem(
      'aggregateId',
      'requires-aggregateType',
      'aggregateId needs aggregateType: an aggregate is its type and id',
    );
  }
  if (aggregateId.length > MAX_AGGREGATE_ID) {
    problem('aggregateId', 'max-length', `aggregateId must be at most ${MAX_AGGREGATE_ID} characters`);
  }
  if (problems.length > 0) throw streamInvalid(problems);
  return {
    ...(after === undefined ? {} : { after }),
    filter: {
      types: new Set(types),
      ...(aggregateType === '' ? {} : { aggregateType }),
      ...(aggregateId === '' ? {} : { aggregateId }),
    },
  };
}

export const streamInvalid = (problems: FieldProblem[]) =>
  new AuditError(
    AuditErrorCode.StreamInvalid,
    ErrorKind.BadRequest,
    problems.map((p) => p.message).join('; '),
    problems,
  );
