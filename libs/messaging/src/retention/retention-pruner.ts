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
 * Deletes published outbox rows, inbox ids and stored request answers after their retention, in
 * small batches that never wait for a writer's rows. Unpublished and set-aside outbox rows are never
 * pruned.
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
    // each table: what the result calls it, its key, the time a row's retention runs from, how long
    // (an unpublished outbox row has no published_at, so it is never older than the retention)
    const tables = [
      {
        name: 'outbox',
        table: 'outbox',
        key: 'position',
        from: 'published_at',
        hours: this.options.outboxRetentionHours,
      },
      {
        name: 'inbox',
        table: 'inbox',
        key: 'consumer, event_id',
        from: 'processed_at',
        hours: this.options.inboxRetentionHours,
      },
      {
        name: 'requests',
        table: 'processed_requests',
        key: 'request_id',
        from: 'created_at',
        hours: this.options.requestRetentionHours,
      },
    ] as const;
    const pruned = { outbox: 0, inbox: 0, requests: 0 };
    for (const { name, table, key, from, hours } of tables) {
      pruned[name] = await pruneInBatches(
        this.options.pool,
        `DELETE FROM ${s}.${table} WHERE (${key}) IN (
           SELECT ${key} FROM ${s}.${table}
            WHERE ${from} < now() - make_interval(hours => $2::int)
            ORDER BY ${from} LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [hours],
        batches,
      );
      prunedRows.inc({ table: `${this.options.schema}.${table}` }, pruned[name]);
    }
    return pruned;
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
