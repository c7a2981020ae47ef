import { auditedTopics } from '@parkledger/contracts';
import { entryHeaders } from '@parkledger/tlog';
import { backoffMs, isTransientDatabaseError, sleep } from '@parkledger/messaging';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type Pool, type PoolClient } from 'pg';
import { type Logger } from 'pino';
import { type AuditIngest, type IngestResult } from './audit-ingest';
import { type DeliveredRecord } from './audit-log.repository';
import { NO_JIT } from '../database/no-jit';
import { type Checkpointer } from './checkpointer';

export interface AuditConsumerOptions {
  kafka: Kafka;
  pool: Pool;
  /** its consumer group: reads every topic from offset 0 */
  groupId: string;
  topicPrefix: string;
  ingest: AuditIngest;
  checkpointer: Checkpointer;
  logger: Logger;
  /** after each commit that wrote outbox rows (a checkpoint): wakes the relay */
  afterCommit?: () => void;
  /** told of each batch applied, for metrics and tests */
  onBatch?: (result: IngestResult) => void;
  /** how long the group waits to hear from the consumer before it gives its partitions to another (default 10 s) */
  sessionTimeoutMs?: number;
}

/** Partitions whose batches the consumer takes at once: one written, the others made ready. */
const PARTITIONS_AT_ONCE = 3;
/** How often the consumer tells its group it is alive, and how often a batch it holds does. */
const HEARTBEAT_MS = 2000;

/**
 * Reads every audited topic from offset 0 and appends each batch to the log in one transaction,
 * then commits the batch's offsets: a crash between the two reads the batch again, and the log's
 * deliveries absorb it. Batches of several partitions are taken at once: each is hashed and decoded
 * as it comes, and written one after the other. A checkpoint due by count is signed in the batch's transaction; one due by
 * time, by a timer, when events came and then stopped.
 */
export class AuditConsumer {
  private consumer: Consumer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  /** the batch being written: the next waits for it here, not holding a connection */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AuditConsumerOptions) {}

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: HEARTBEAT_MS,
      // ~5,000 records of a few hundred bytes a batch: fewer, larger transactions
      maxBytesPerPartition: 2 * 1024 * 1024,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: auditedTopics(this.options.topicPrefix), fromBeginning: true });
    await consumer.run({
      // a partition's batch is hashed and decoded while another's is written
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatchAutoResolve: false,
      eachBatch: (batch) => this.eachBatch(batch),
    });
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.signByTime());
    }, this.options.checkpointer.seconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { messages } = payload.batch;
    if (messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    // kafkajs sends no heartbeat while eachBatch runs: a batch that waits for its turn, the log's lock
    // and its statements longer than the session timeout would lose the consumer its partitions, and
    // be read again. It says it is alive meanwhile (kafkajs sends at most one heartbeat an interval;
    // one refused because the group is rebalancing is left to kafkajs, which rejoins).
    const alive = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_MS);
    try {
      await this.write(payload);
    } finally {
      clearInterval(alive);
    }
  }

  private async write(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    const prepared = this.options.ingest.prepare(messages.map((message) => delivered(topic, partition, message)));
    const written = this.writing.then(async () => {
      if (!payload.isRunning() || payload.isStale()) return undefined;
      return this.inTransaction(async (tx) => {
        const applied = await this.options.ingest.apply(tx, prepared);
        const signed = await this.options.checkpointer.signIfDue(tx, applied.size, applied.root);
        return { applied, signed: signed !== undefined };
      });
    });
    this.writing = written.catch(() => undefined);
    const result = await written;
    if (result === undefined) return;
    if (result.signed) this.options.afterCommit?.();
    this.options.onBatch?.(result.applied);
    for (const message of messages) payload.resolveOffset(message.offset);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  }

  /** A checkpoint due by time: the log's tree as it stands, signed when events came since the last. */
  private async signByTime(): Promise<void> {
    try {
      const signed = await this.inTransaction(async (tx) => {
        const head = await this.options.ingest.head(tx);
        return (await this.options.checkpointer.signIfDue(tx, head.size, head.root)) !== undefined;
      });
      if (signed) this.options.afterCommit?.();
    } catch (error) {
      this.options.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'audit: checkpoint failed',
      );
    }
  }

  /** One transaction; a database outage is waited out, anything else rolls back and throws. */
  private async inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.options.pool.connect();
      let broken = false;
      try {
        await client.query(`BEGIN; ${NO_JIT}`);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (!isTransientDatabaseError(error)) throw error;
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'audit: database unavailable, waiting',
        );
        await sleep(backoffMs(attempt, 2000));
      } finally {
        client.release(broken);
      }
    }
  }
}

function delivered(topic: string, partition: number, message: KafkaMessage): DeliveredRecord {
  const headers = entryHeaders(message.headers);
  return { topic, partition, offset: message.offset, headers, value: message.value ?? Buffer.alloc(0) };
}
