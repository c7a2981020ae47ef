import { type PoolClient } from 'pg';
import { type AnomalyQuery } from './anomaly-requests';

export interface AnomalyRow {
  id: string;
  kind: string;
  aggregate_type: string | null;
  aggregate_id: string | null;
  from_version: string | null;
  to_version: string | null;
  position: string;
  earlier: string | null;
  detail: string;
  raised_at: Date;
  resolved_at: Date | null;
}

/** The anomalies the log raised. Every read runs on the caller's transaction. */
export class AnomaliesRepository {
  /** The anomalies matching every filter given, after an id, in the order raised: up to `limit`. */
  async list(tx: PoolClient, query: AnomalyQuery, limit: number): Promise<AnomalyRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const filter = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.kind !== undefined) filter((p) => `a.kind = ${p}`, query.kind);
    if (query.status === 'open') where.push('a.resolved_at IS NULL');
    if (query.status === 'resolved') where.push('a.resolved_at IS NOT NULL');
    if (query.aggregate !== undefined) filter((p) => `a.aggregate_type = ${p}`, query.aggregate.type);
    if (query.aggregate?.id !== undefined) filter((p) => `a.aggregate_id = ${p}`, query.aggregate.id);
    if (query.after !== undefined) filter((p) => `a.id > ${p}::bigint`, query.after);
    params.push(limit);
    const { rows } = await tx.query<AnomalyRow>(
      `SELECT a.id::text AS id, a.kind, a.aggregate_type, a.aggregate_id, a.from_version::text AS from_version,
              a.to_version::text AS to_version, a.position::text AS position, a.earlier::text AS earlier, a.detail,
              a.raised_at, a.resolved_at
       FROM anomalies a ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
       ORDER BY a.id LIMIT $${params.length}`,
      params,
    );
    return rows;
  }
}
