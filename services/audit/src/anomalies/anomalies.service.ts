import { type AnomalyJson, type ListAnomaliesRequestJson, type ListAnomaliesResponseJson } from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { type Pool } from 'pg';
import { cursorOf } from '../events/event-requests';
import { assertAuditReader, readOnly } from '../proofs/proofs.service';
import { anomalyQuery } from './anomaly-requests';
import { type AnomaliesRepository, type AnomalyRow } from './anomalies.repository';

const json = (row: AnomalyRow): AnomalyJson => ({
  id: row.id,
  kind: row.kind,
  aggregateType: row.aggregate_type ?? '',
  aggregateId: row.aggregate_id ?? '',
  fromVersion: row.from_version ?? '0',
  toVersion: row.to_version ?? '0',
  position: row.position,
  ...(row.earlier === null ? {} : { conflictsWith: row.earlier }),
  detail: row.detail,
  raisedAt: row.raised_at.toISOString(),
  resolvedAt: row.resolved_at?.toISOString() ?? '',
});

/** What looked wrong as the log read the topics, each with the entry that raised it and the one it conflicts with. */
export class AnomaliesService {
  constructor(
    private readonly pool: Pool,
    private readonly anomalies: AnomaliesRepository,
  ) {}

  async list(caller: Caller, request: ListAnomaliesRequestJson): Promise<ListAnomaliesResponseJson> {
    assertAuditReader(caller);
    const query = anomalyQuery(request);
    const rows = await readOnly(this.pool, (tx) => this.anomalies.list(tx, query, query.limit + 1));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      anomalies: items.map(json),
      nextCursor: rows.length > items.length && last !== undefined ? cursorOf(last.id) : '',
    };
  }
}
