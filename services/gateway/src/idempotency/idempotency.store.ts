import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GRPC_DEADLINE_MS } from '../grpc/registry.client';

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; contentType: string; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

interface KeyRow {
  request_hash: string;
  status: number | null;
  content_type: string | null;
  /** the serialized JSON of the answer */
  body: string | null;
}

/**
 * A claim still unanswered after this long was abandoned (the gateway that held it died, or could
 * not record the answer): a retry takes it over and runs again, which the services' request ids
 * make safe. Three gRPC deadlines, so a live request is never taken over.
 */
const ABANDONED_AFTER_SECONDS = (3 * GRPC_DEADLINE_MS) / 1000;

/**
 * Idempotency records: the first answer to (caller, key), kept for replays. The caller is its whole
 * identity (identityOf); the answer is kept as the text of its JSON, which holds any content.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async claim(principal: string, key: string, requestHash: string): Promise<Claim> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k (principal, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (principal, key) DO UPDATE SET created_at = now()
         WHERE k.status IS NULL AND k.request_hash = EXCLUDED.request_hash
           AND k.created_at < now() - make_interval(secs => $4)
       RETURNING key`,
      [principal, key, requestHash, ABANDONED_AFTER_SECONDS],
    );
    if (inserted.length === 1) return { kind: 'new' };
    const rows: KeyRow[] = await this.dataSource.query(
      'SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE principal = $1 AND key = $2',
      [principal, key],
    );
    const row = rows[0];
    if (row === undefined) return this.claim(principal, key, requestHash); // released in between
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in-progress' };
    const body: unknown = row.body === null ? null : JSON.parse(row.body);
    return { kind: 'replay', status: row.status, contentType: row.content_type ?? 'application/json', body };
  }

  async complete(principal: string, key: string, status: number, contentType: string, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5, completed_at = now()
        WHERE principal = $1 AND key = $2`,
      [principal, key, status, contentType, JSON.stringify(body ?? null)],
    );
  }

  /** Forget a claim whose request failed on our side, so that a retry runs again. */
  async release(principal: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status IS NULL', [
      principal,
      key,
    ]);
  }

  /**
   * Deletes at most `limit` records older than the retention, in one short statement that locks only
   * the rows it deletes and skips any a request holds; returns how many went.
   */
  async pruneBatch(retentionHours: number, limit: number): Promise<number> {
    const rows: { deleted: number }[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM idempotency_keys WHERE ctid IN (
           SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)
            LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [retentionHours, limit],
    );
    return rows[0]?.deleted ?? 0;
  }
}
