import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyStore } from './idempotency.store';

export interface PruneSettings {
  /** records older than this go (IDEMPOTENCY_RETENTION_HOURS) */
  retentionHours: number;
  /** rows per statement: each DELETE is short and locks only its rows */
  batchSize: number;
  /** the pause between statements, so pruning never crowds out writes */
  pauseMs: number;
}

/** How often the gateway prunes; the first run is a minute after the start. */
const PRUNE_EVERY_MS = 10 * 60_000;
const FIRST_PRUNE_AFTER_MS = 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes idempotency records after their retention, periodically, in small batches. */
export class IdempotencyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyPruner');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly settings: PruneSettings,
  ) {}

  /** One pass: batch after batch until a batch comes back short; returns how many records went. */
  async pruneOnce(onBatch: (deleted: number) => void = () => undefined): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.store.pruneBatch(this.settings.retentionHours, this.settings.batchSize);
      onBatch(deleted);
      total += deleted;
      if (deleted < this.settings.batchSize || this.stopped) return total;
      await pause(this.settings.pauseMs);
    }
  }

  onApplicationBootstrap(): void {
    const run = () => {
      void this.pruneOnce()
        .then((deleted) => {
          if (deleted > 0) this.logger.log(`pruned ${deleted} idempotency records`);
        })
        .catch((error: unknown) => this.logger.error(`pruning idempotency records failed: ${String(error)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(run, PRUNE_EVERY_MS).unref();
        });
    };
    this.timer = setTimeout(run, FIRST_PRUNE_AFTER_MS).unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
