import { Client, type ClientConfig, type Pool } from 'pg';
import { type Logger } from 'pino';
import { type EventPublisher, type OutboundRecord } from '../kafka/event-publisher';
import { backoffMs, ident } from '../sql';
import { outboxChannel } from './outbox';

export interface OutboxRelayOptions {
  schema: string;
  /** for reading and marking rows */
  pool: Pool;
  /** for the dedicated connection that holds the leader lock and LISTENs */
  connection: ClientConfig;
  publisher: EventPublisher;
  logger: Logger;
  batchSize?: number;
  /** the fallback when a notification is missed */
  pollIntervalMs?: number;
  /** fault-injection seam for tests: runs after a batch is on Kafka, before it is marked published */
  afterPublish?: (positions: readonly string[]) => Promise<void>;
}

interface OutboxRow {
  position: string;
  topic: string;
  aggregate_id: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to Kafka in commit-position order, in batches, then marks them.
 * One relay per schema holds a Postgres advisory lock, so order per aggregate survives several
 * replicas. A crash between publishing and marking republishes the batch: consumers' inboxes
 * absorb the duplicates. While Kafka is down it keeps retrying with backoff; nothing is dropped.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: Client | undefined;
  private wake: (() => void) | undefined;
  private pending = false;
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${ident(options.schema)}.outbox`;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await this.idle(this.pollIntervalMs);
          continue;
        }
        const moved = await this.drainBatch();
        failures = 0;
        if (moved === 0) await this.idle(this.pollIntervalMs);
      } catch (error) {
        failures += 1;
        const delay = backoffMs(failures);
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error), retryInMs: delay, failures },
          'outbox relay: publishing failed, will retry',
        );
        if (!(await this.connectionAlive())) await this.dropListener();
        await this.idle(delay);
      }
    }
  }

  /** Holds the leader lock on a dedicated connection that also LISTENs for new rows. */
  private async lead(): Promise<boolean> {
    if (this.listener !== undefined) return true;
    const client = new Client(this.options.connection);
    client.on('error', () => void this.dropListener());
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `parkledger:outbox-relay:${this.options.schema}`,
    ]);
    if (rows[0]?.locked !== true) {
      await client.end();
      return false;
    }
    client.on('notification', () => {
      this.pending = true;
      this.wake?.();
    });
    await client.query(`LISTEN ${ident(outboxChannel(this.options.schema))}`);
    this.listener = client;
    this.options.logger.info({ schema: this.options.schema }, 'outbox relay: leading');
    return true;
  }

  private async dropListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async connectionAlive(): Promise<boolean> {
    try {
      await this.listener?.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async drainBatch(): Promise<number> {
    this.pending = false;
    const { rows } = await this.options.pool.query<OutboxRow>(
      // ORDER BY the bigint column: an output column named "position" would be text and sort "10" before "2".
      `SELECT o.position::text AS position, o.topic, o.aggregate_id, o.payload, o.headers
         FROM ${this.table} o
        WHERE o.published_at IS NULL
        ORDER BY o.position
        LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    const records: OutboundRecord[] = rows.map((row) => ({
      topic: row.topic,
      key: row.aggregate_id,
      value: row.payload,
      headers: row.headers,
    }));
    await this.options.publisher.publish(records);
    const positions = rows.map((row) => row.position);
    await this.options.afterPublish?.(positions);
    await this.options.pool.query(`UPDATE ${this.table} SET published_at = now() WHERE position = ANY($1::bigint[])`, [
      positions,
    ]);
    this.published += rows.length;
    return rows.length;
  }

  private idle(ms: number): Promise<void> {
    if (this.pending || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
