import {
  type GetAggregateHistoryRequestJson,
  type GetAggregateHistoryResponseJson,
  type SearchEventsRequestJson,
  type SearchEventsResponseJson,
} from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { type Pool } from 'pg';
import { aggregateKey, type AuditLogRepository } from '../log/audit-log.repository';
import { AuditError, AuditErrorCode } from '../proofs/audit.errors';
import { assertAuditReader, readOnly } from '../proofs/proofs.service';
import { loggedEventJson } from './event-json';
import { historyCursor, historyQuery, cursorOf, searchQuery, type HistoryCursor } from './event-requests';
import { type EventRow, type EventsRepository } from './events.repository';

/** The log's events for auditors: searched by filters, and each aggregate's history, decoded. */
export class EventsService {
  constructor(
    private readonly pool: Pool,
    private readonly log: AuditLogRepository,
    private readonly events: EventsRepository,
  ) {}

  async search(caller: Caller, request: SearchEventsRequestJson): Promise<SearchEventsResponseJson> {
    assertAuditReader(caller);
    const query = searchQuery(request);
    const rows = await readOnly(this.pool, (tx) => this.events.search(tx, query, query.limit + 1));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      events: items.map(loggedEventJson),
      nextCursor: rows.length > items.length && last !== undefined ? cursorOf(last.position) : '',
    };
  }

  /**
   * An aggregate's own events in version order, then the events attached to it in log order, one
   * page at a time. An aggregate the log holds nothing of, and nothing names, is a 404.
   */
  async history(caller: Caller, request: GetAggregateHistoryRequestJson): Promise<GetAggregateHistoryResponseJson> {
    assertAuditReader(caller);
    const { aggregate, after, limit } = historyQuery(request);
    return readOnly(this.pool, async (tx) => {
      const chain = (await this.log.chains(tx, [aggregate])).get(aggregateKey(aggregate.type, aggregate.id));
      const rows: EventRow[] =
        after === undefined || 'own' in after ? await this.events.own(tx, aggregate, after?.own, limit + 1) : [];
      if (rows.length <= limit) {
        const from = after !== undefined && 'attached' in after ? after.attached : undefined;
        rows.push(...(await this.events.attached(tx, aggregate, from, limit + 1 - rows.length)));
      }
      if (rows.length === 0 && after === undefined) {
        throw new AuditError(
          AuditErrorCode.NotFound,
          ErrorKind.NotFound,
          `the log holds no event of ${aggregate.type} ${aggregate.id}, and none names it`,
        );
      }
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        aggregateType: aggregate.type,
        aggregateId: aggregate.id,
        chained: String(chain?.chained ?? 0n),
        seen: String(chain?.seen ?? 0n),
        link: chain?.link?.toString('base64') ?? '',
        events: items.map(loggedEventJson),
        nextCursor: rows.length > items.length && last !== undefined ? historyCursor(cursorAfter(last)) : '',
      };
    });
  }
}

/** Where a history's page ends: at one of the aggregate's own events, or one attached to it. */
function cursorAfter(row: EventRow): HistoryCursor {
  const position = Number(row.position);
  return row.via_type === undefined
    ? { own: { version: BigInt(row.aggregate_version ?? '0'), position } }
    : { attached: position };
}
