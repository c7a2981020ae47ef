import { Client, type ClientConfig, type Pool } from 'pg';
import { type Logger } from 'pino';
import { type EventPublisher, type OutboundRecord } from '../kafka/event-publisher';
import { outboxSetAside } from '../metrics/messaging-metrics';
import { backoffMs, ident } from '../sql';
import { prepared } from '../prepared';
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
  /** failed publications of one row that Kafka refused for itself, before the row is set aside */
  maxAttempts?: number;
  /** the fallback when a notification is missed */
  pollIntervalMs?: number;
  /** fault-injection seam for tests: runs after a batch is on Kafka, before it is marked published */
  afterPublish?: (positions: readonly string[]) => Promise<void>;
}

interface OutboxRow {
  position: string;
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows to Kafka in outbox position order (the order the rows were inserted, which
 * per aggregate is version order), in batches, then marks them. One relay per schema holds a
 * Postgres advisory lock, so order per aggregate survives several replicas. A crash between
 * publishing and marking republishes the batch: consumers' inboxes absorb the duplicates. While
 * Kafka is down it keeps retrying with backoff; nothing is dropped.
 *
 * When a batch fails, its rows are tried one by one. A row that Kafka refuses for itself (a topic
 * that does not exist, a record too large) counts an attempt; after `maxAttempts` it is
 * set aside (`set_aside_at`, `set_aside_reason`), logged as an error and counted in
 * `parkledger_outbox_set_aside_total`, and the rest of the stream goes on. The later rows of the
 * same aggregate are held behind it, never published out of order: once the cause is fixed,
 * clearing `set_aside_at` publishes it and then them. A row that fails for an outage of the broker
 * leading its partition (while the others answer) counts nothing: it and its aggregate's later rows
 * wait for the next pass, and the rest go on.
 */
export class OutboxRelay {
  private readonly table: string;
  /** the select of the next batch: prepared, its size written in (no parameter, so planned once a connection) */
  private readonly unpublished: string;
  private readonly maxAttempts: number;
  private readonly pollIntervalMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: Client | undefined;
  private wake: (() => void) | undefined;
  private pending = false;
  /** a NOTIFY to the leader is on its way; `notifyAgain`: commits came after it was sent */
  private notifying = false;
  private notifyAgain = false;
  published = 0;
  setAside = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${ident(options.schema)}.outbox`;
    const batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new Error(`batchSize must be a whole number from 1, got ${batchSize}`);
    this.unpublished = prepared(
      // ORDER BY the bigint column: an output column named "position" would be text and sort "10" before "2".
      // A row waits while an earlier row of its aggregate is set aside.
      `SELECT o.position::text AS position, o.topic, o.aggregate_type, o.aggregate_id, o.payload, o.headers
         FROM ${this.table} o
        WHERE o.published_at IS NULL AND o.set_aside_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${this.table} h
                           WHERE h.set_aside_at IS NOT NULL AND h.aggregate_type = o.aggregate_type
                             AND h.aggregate_id = o.aggregate_id AND h.position < o.position)
        ORDER BY o.position
        LIMIT ${batchSize}`,
    );
    this.maxAttempts = options.maxAttempts ?? 5;
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
          { err: errorText(error), retryInMs: delay, failures },
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

  /**
   * Says that this process committed outbox rows: the leading relay looks for them now, rather than
   * at its next poll; a relay that does not lead wakes the one that does, in another replica, with a
   * NOTIFY sent after the commit (so no write transaction holds the notification lock).
   */
  rowsCommitted(): void {
    if (!this.running) return;
    if (this.listener === undefined) {
      this.notifyLeader();
      return;
    }
    this.pending = true;
    this.wake?.();
  }

  /** One NOTIFY at a time, and one more after it if commits came meanwhile: none is lost, none piles up. */
  private notifyLeader(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    this.options.pool
      .query("SELECT pg_notify($1, '')", [outboxChannel(this.options.schema)])
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.notifyLeader();
      });
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
    const { rows } = await this.options.pool.query<OutboxRow>(this.unpublished);
    if (rows.length === 0) return 0;
    try {
      await this.options.publisher.publish(rows.map(toRecord));
    } catch (error) {
      return this.drainOneByOne(rows, error);
    }
    await this.markPublished(rows.map((row) => row.position));
    return rows.length;
  }

  /**
   * After a failed batch: each row alone, in order. While Kafka is away the failure is thrown (back
   * off, count nothing). Otherwise the later rows of the row's aggregate are skipped in this pass,
   * and the failure counts against the row unless it was an outage of the broker that leads its
   * partition (while the others answer): then the row waits, uncounted, and the rest go on. Returns
   * how many rows were published or set aside.
   */
  private async drainOneByOne(rows: readonly OutboxRow[], batchError: unknown): Promise<number> {
    const held = new Set<string>();
    let moved = 0;
    let lastError: unknown;
    for (const row of rows) {
      const aggregate = `${row.aggregate_type}/${row.aggregate_id}`;
      if (held.has(aggregate)) continue;
      try {
        if (rows.length === 1) throw batchError; // it was published alone already
        await this.options.publisher.publish([toRecord(row)]);
      } catch (error) {
        if (!(await this.options.publisher.reachable())) throw error;
        held.add(aggregate);
        lastError = error;
        if (this.options.publisher.outage(error)) {
          this.options.logger.warn(
            { schema: this.options.schema, position: row.position, topic: row.topic, err: errorText(error) },
            'outbox relay: a row waits out an outage of the broker that leads its partition',
          );
        } else if (await this.recordFailure(row, error)) {
          moved += 1;
        }
        continue;
      }
      await this.markPublished([row.position]);
      moved += 1;
    }
    if (moved === 0) throw lastError;
    return moved;
  }

  private async markPublished(positions: string[]): Promise<void> {
    await this.options.afterPublish?.(positions);
    await this.options.pool.query(`UPDATE ${this.table} SET published_at = now() WHERE position = ANY($1::bigint[])`, [
      positions,
    ]);
    this.published += positions.length;
  }

  /** Counts a failed attempt at a row; sets it aside at the last one. Returns whether it did. */
  private async recordFailure(row: OutboxRow, error: unknown): Promise<boolean> {
    const reason = errorText(error);
    const { rows } = await this.options.pool.query<{ attempts: number; set_aside: boolean }>(
      `UPDATE ${this.table}
          SET attempts = attempts + 1,
              set_aside_at = CASE WHEN attempts + 1 >= $2 THEN now() END,
              set_aside_reason = CASE WHEN attempts + 1 >= $2 THEN $3 END
        WHERE position = $1
        RETURNING attempts, set_aside_at IS NOT NULL AS set_aside`,
      [row.position, this.maxAttempts, reason.slice(0, 2000)],
    );
    const attempts = rows[0]?.attempts ?? 0;
    const context = {
      schema: this.options.schema,
      position: row.position,
      topic: row.topic,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      attempts,
      err: reason,
    };
    if (rows[0]?.set_aside !== true) {
      this.options.logger.warn(context, 'outbox relay: Kafka refused a row; it will be tried again');
      return false;
    }
    this.setAside += 1;
    outboxSetAside.inc({ schema: this.options.schema });
    this.options.logger.error(
      context,
      'outbox relay: row set aside; the later events of its aggregate wait behind it until set_aside_at is cleared',
    );
    return true;
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

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function toRecord(row: OutboxRow): OutboundRecord {
  return { topic: row.topic, key: row.aggregate_id, value: row.payload, headers: row.headers };
}
