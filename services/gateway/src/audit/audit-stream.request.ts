import { type TailRequestJson } from '@parkledger/contracts';
import { DomainError, ErrorKind, type FieldProblem } from '@parkledger/platform';

/** Where a stream's start came from: a reconnecting client's header, the same as a query field, or a first position. */
export type PositionSource = 'Last-Event-ID' | 'lastEventId' | 'from';

/** A stream as asked for: the audit service's request, and which field gave its position (to name it in a refusal). */
export interface StreamStart {
  request: TailRequestJson;
  source?: PositionSource;
  /** the position as the client gave it */
  asked?: string;
}

export const STREAM_QUERY_FIELDS = ['type', 'aggregateType', 'aggregateId', 'from', 'lastEventId'] as const;
const SINGLE_FIELDS = ['aggregateType', 'aggregateId', 'from', 'lastEventId'] as const;
/** An event id of the stream (a position in the log) or a first position: a whole number. */
export const STREAM_POSITION = /^(0|[1-9][0-9]{0,15})$/;

export const streamInvalid = (problems: readonly FieldProblem[]) =>
  new DomainError('audit-stream-invalid', ErrorKind.Invalid, problems.map((p) => p.message).join('; '), problems);

/** The stream beyond AUDIT_STREAM_MAX_PER_CALLER of one caller: a 429 naming the rule. */
export function streamLimitReached(max: number): DomainError<'audit-stream-limit'> {
  const message = `a caller may hold at most ${max} live tails open at once, and ${max} are open: close one first`;
  return new DomainError('audit-stream-limit', ErrorKind.RateLimited, message, [
    { field: 'Authorization', rule: 'streams-per-caller', message },
  ]);
}

/**
 * Reads a stream's request: `type` (repeatable), `aggregateType`, `aggregateId`, and where to start:
 * after the `Last-Event-ID` header (what an EventSource sends when it reconnects), else after the
 * `lastEventId` query field (for a client that can't set headers), else at `from`, else at the
 * log's end. What is wrong with them is a 422 `audit-stream-invalid` naming each field and rule;
 * the audit service checks the types and the aggregate against the event registry.
 */
export function streamStartOf(query: Record<string, unknown>, lastEventIdHeader: string | undefined): StreamStart {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  for (const field of Object.keys(query)) {
    if (!(STREAM_QUERY_FIELDS as readonly string[]).includes(field)) {
      problem(field, 'unknown-field', `${field} is not a field of this request`);
    }
  }
  const single: Partial<Record<(typeof SINGLE_FIELDS)[number], string>> = {};
  for (const field of SINGLE_FIELDS) {
    const value = query[field];
    if (value === undefined) continue;
    if (typeof value === 'string') single[field] = value;
    else problem(field, 'single-value', `${field} must be given once`);
  }
  const type = query.type;
  const types = type === undefined ? [] : Array.isArray(type) ? type : [type];
  if (!types.every((t): t is string => typeof t === 'string')) problem('type', 'text', 'type must be event types');

  const positions: [PositionSource, string | undefined][] = [
    // an empty Last-Event-ID is no id (the SSE spec's reset)
    ['Last-Event-ID', lastEventIdHeader === '' ? undefined : lastEventIdHeader],
    ['lastEventId', single.lastEventId],
    ['from', single.from],
  ];
  for (const [field, value] of positions) {
    if (value !== undefined && !STREAM_POSITION.test(value)) {
      const what = field === 'from' ? 'the first position wanted' : 'the id of an event of this stream';
      problem(field, 'position', `${field} must be ${what}: a whole number from 0`);
    }
  }
  if (problems.length > 0) throw streamInvalid(problems);

  const [source, value] = positions.find(([, given]) => given !== undefined) ?? [undefined, undefined];
  const request: TailRequestJson = {
    type: types as string[],
    ...(single.aggregateType === undefined ? {} : { aggregateType: single.aggregateType }),
    ...(single.aggregateId === undefined ? {} : { aggregateId: single.aggregateId }),
  };
  if (source === undefined || value === undefined) return { request };
  // the service gives entries after a position: from 0 is after -1
  const after = source === 'from' ? String(Number(value) - 1) : value;
  return { request: { ...request, after }, source, asked: value };
}

/**
 * The audit service names the position it was given `after`: a refusal of it names the field the
 * client gave instead.
 */
export function asAsked(error: DomainError, start: StreamStart): DomainError {
  const { source, asked } = start;
  if (source === undefined || asked === undefined || !error.fields.some((f) => f.field === 'after')) return error;
  const fields = error.fields.map((f) =>
    f.field === 'after' ? { ...f, field: source, message: f.message.replace(/^after -?\d+/, `${source} ${asked}`) } : f,
  );
  return new DomainError(error.code, error.kind, fields.map((f) => f.message).join('; '), fields);
}
