import { type Pool } from 'pg';
import { type Logger } from 'pino';
import { prunedRows } from '../metrics/messaging-metrics';
import { ident } from '../sql';
import { pruneInBatches } from './prune-in-batches';

export interface RetentionPrunerOptions {
  schema: string;
  pool: Pool;
  /** published outbox rows older than this go (the events live on in Kafka and the audit log) */
  outboxRetentionHours: number;
  /** inbox ids older than this go: at least as long as a record can stay on its topic */
  inboxRetentionHours: number;
  /** answers to requests with an Idempotency-Key (processed_requests) older than this go */
  requestRetentionHours: number;
  logger: Logger;
  /** how often it prunes; 10 minutes unless told */
  intervalMs?: number;
  batchSize?: number;
  pauseMs?: number;
}

/**
 * Deletes published outbox rows, inbox ids and stored request answers after their retention, in small batches that never
 * wait for a writer's rows. Unpublished and set-aside outbox rows are never pruned.
 */
export class RetentionPruner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pass: Promise<unknown> | undefined;

  constructor(private readonly options: RetentionPrunerOptions) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 600_000);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass over the three tables; returns how many rows each lost. */
  async pruneOnce(): Promise<{ outbox: number; inbox: number; requests: number }> {
    const s = ident(this.options.schema);
    const batches = {
      batchSize: this.options.batchSize ?? 500,
      pauseMs: this.options.pauseMs ?? 100,
      running: () => !this.stopped,
    };
    const outbox = await pruneInBatches(
      this.options.pool,
      `DELETE FROM ${s}.outbox WHERE position IN (
         SELECT position FROM ${s}.outbox
          WHERE published_at < now() - make_interval(hours => $2::int)
          ORDER BY published_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [this.options.outboxRetentionHours],
      batches,
    );
    const inbox = await pruneInBatches(
      this.options.pool,
      `DELETE FROM ${s}.inbox WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM ${s}.inbox
          WHERE processed_at < now() - make_interval(hours => $2::int)
          ORDER BY processed_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [this.options.inboxRetentionHours],
      batches,
    );
    const requests = await pruneInBatches(
      this.options.pool,
      `DELETE FROM ${s}.processed_requests WHERE request_id IN (
         SELECT request_id FROM ${s}.processed_requests
          WHERE created_at < now() - make_interval(hours => $2::int)
          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [this.options.requestRetentionHours],
      batches,
    );
    prunedRows.inc({ table: `${this.options.schema}.outbox` }, outbox);
    prunedRows.inc({ table: `${this.options.schema}.inbox` }, inbox);
    prunedRows.inc({ table: `${this.options.schema}.processed_requests` }, requests);
    return { outbox, inbox, requests };
  }

  private async tick(): Promise<void> {
    if (this.pass !== undefined) return;
    this.pass = this.pruneOnce()
      .then((pruned) => {
        if (pruned.outbox + pruned.inbox + pruned.requests > 0)
          this.options.logger.info({ pruned }, 'retention: old rows pruned');
      })
      .catch((error: unknown) =>
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'retention: pruning failed, will try again',
        ),
      );
    await this.pass;
    this.pass = undefined;
  }
}
