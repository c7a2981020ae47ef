import { auditedTopics } from '@parkledger/contracts';
import { entryHeaders } from '@parkledger/tlog';
import {
  backoffMs,
  eventSpan,
  IDLE_FETCH_WAIT_MS,
  isTransientDatabaseError,
  OffsetCommits,
  restartAfterCrash,
  runConsumer,
  sleep,
} from '@parkledger/messaging';
import { endSpan, tracingEnabled } from '@parkledger/platform';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type Pool, type PoolClient } from 'pg';
import { type Logger } from 'pino';
import { type AuditIngest, type IngestResult, type PreparedBatch } from './audit-ingest';
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

/** Partitions whose batches the consumer takes at once: each made ready as it comes, then written together. */
const PARTITIONS_AT_ONCE = 3;
/** How often the consumer tells its group it is alive, and how often a batch it holds does. */
const HEARTBEAT_MS = 2000;

/**
 * The batches written together hold up to this many bytes of values (at least one batch): a
 * partition's batch at most (kafkajs's maxBytesPerPartition), so a backlog's full batches are
 * still written one at a time, and what a live stream brings, a few records a partition, goes in one.
 */
const BYTES_TOGETHER = 2 * 1024 * 1024;

/** A batch made ready and waiting for its turn to be written, and its eachBatch waiting on it. */
interface WaitingBatch {
  prepared: PreparedBatch;
  /** when its records came (ms since the epoch): their spans start there */
  came: number;
  payload: EachBatchPayload;
  /** true: written; false: not written, its partition no longer this consumer's */
  done: (written: boolean) => void;
  failed: (error: unknown) => void;
}

/**
 * Reads every audited topic from offset 0 and appends each batch to the log in a transaction, then
 * commits the batch's offsets (at most once an interval, OffsetCommits): a crash between the two
 * reads the batch again, and the log's deliveries absorb it. Batches of several partitions are taken at once: each is hashed and decoded
 * as it comes, and the batches that wait are written together, in one transaction: those of one
 * fetch (kafkajs hands them over in one turn of the event loop, and fetches again only once all are
 * done) go in one, and those that come while one is written go in the next. A checkpoint due by
 * count is signed in the batches' transaction; one due by time, by a timer, when events came and
 * then stopped.
 */
export class AuditConsumer {
  private consumer: Consumer | undefined;
  private commits: OffsetCommits | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  /** batches made ready that wait to be written, not holding a connection */
  private waiting: WaitingBatch[] = [];
  /** a write of the waiting batches is under way or due */
  private writing = false;

  constructor(private readonly options: AuditConsumerOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.run();
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.signByTime());
    }, this.options.checkpointer.seconds * 1000);
  }

  /** A new kafkajs consumer in the group, reading on from its committed offsets; started again after a crash. */
  private async run(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: HEARTBEAT_MS,
      // ~5,000 records of a few hundred bytes a batch: fewer, larger transactions
      maxBytesPerPartition: BYTES_TOGETHER,
      maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
    });
    this.consumer = consumer;
    const commits = new OffsetCommits(consumer, { group: this.options.groupId, logger: this.options.logger });
    this.commits = commits;
    restartAfterCrash(consumer, {
      group: this.options.groupId,
      logger: this.options.logger,
      stopped: () => this.stopped,
      restart: () => this.run(),
    });
    await runConsumer(
      consumer,
      { topics: auditedTopics(this.options.topicPrefix), fromBeginning: true },
      {
        // a partition's batch is hashed and decoded while another's is written
        partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
        autoCommit: false, // committed by `commits`, at most once an interval
        eachBatchAutoResolve: false,
        eachBatch: (batch) => this.eachBatch(batch, commits),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await this.commits?.flush();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.commits = undefined;
  }

  private async eachBatch(payload: EachBatchPayload, commits: OffsetCommits): Promise<void> {
    const { messages } = payload.batch;
    if (messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    // kafkajs sends no heartbeat while eachBatch runs: a batch that waits for its turn, the log's lock
    // and its statements longer than the session timeout would lose the consumer its partitions, and
    // be read again. It says it is alive meanwhile (kafkajs sends at most one heartbeat an interval;
    // one refused because the group is rebalancing is left to kafkajs, which rejoins).
    const alive = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_MS);
    try {
      await this.write(payload, commits);
    } finally {
      clearInterval(alive);
    }
  }

  private async write(payload: EachBatchPayload, commits: OffsetCommits): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    const came = Date.now();
    const prepared = this.options.ingest.prepare(messages.map((message) => delivered(topic, partition, message)));
    const written = await new Promise<boolean>((done, failed) => {
      this.waiting.push({ prepared, came, payload, done, failed });
      if (this.writing) return;
      this.writing = true;
      // once the loop has run what is ready: the fetch's other batches join this one
      setImmediate(() => void this.writeWaiting());
    });
    if (!written) return;
    for (const message of messages) payload.resolveOffset(message.offset);
    const last = messages[messages.length - 1];
    if (last !== undefined) await commits.applied(payload, last.offset);
    await payload.heartbeat();
  }

  /** Writes the batches that wait, together, until none does. */
  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batches = this.waiting.splice(0, takenTogether(this.waiting));
      const live = batches.filter(({ payload }) => payload.isRunning() && !payload.isStale());
      for (const batch of batches) if (!live.includes(batch)) batch.done(false);
      if (live.length === 0) continue;
      try {
        const result = await this.inTransaction(async (tx) => {
          const applied = await this.options.ingest.apply(tx, together(live.map((batch) => batch.prepared)));
          const signed = await this.options.checkpointer.signIfDue(tx, applied.size, applied.root);
          return { applied, signed: signed !== undefined };
        });
        if (result.signed) this.options.afterCommit?.();
        this.options.onBatch?.(result.applied);
        this.traceLogged(live);
        for (const batch of live) batch.done(true);
      } catch (error) {
        for (const batch of live) batch.failed(error);
      }
    }
    this.writing = false;
  }

  /**
   * When tracing is on, a span for each record the batches held (a redelivered copy the log absorbed
   * too), from when it came to the commit: the child of the span that wrote its event (its
   * ce_traceparent), so the log is in each event's trace.
   */
  private traceLogged(batches: readonly WaitingBatch[]): void {
    if (!tracingEnabled()) return;
    for (const { prepared, came } of batches) {
      for (const { topic, partition, offset, headers } of prepared.records) {
        const envelope = {
          id: headers.ce_id ?? '',
          type: headers.ce_type ?? '',
          traceparent: headers.ce_traceparent,
          tracestate: headers.ce_tracestate,
        };
        endSpan(eventSpan(this.options.groupId, { topic, partition, offset, envelope }, came));
      }
    }
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

/** How many of the first batches are written together: up to BYTES_TOGETHER, and at least one. */
function takenTogether(batches: readonly WaitingBatch[]): number {
  let bytes = 0;
  let count = 0;
  for (const batch of batches) {
    for (const record of batch.prepared.records) bytes += record.value.length;
    if (count > 0 && bytes > BYTES_TOGETHER) break;
    count += 1;
  }
  return count;
}

/** Batches as one, in the order given: the log appends their records in that order. */
function together(batches: readonly PreparedBatch[]): PreparedBatch {
  if (batches.length === 1 && batches[0] !== undefined) return batches[0];
  return {
    records: batches.flatMap((batch) => batch.records),
    leaves: batches.flatMap((batch) => batch.leaves),
    envelopes: batches.flatMap((batch) => batch.envelopes),
  };
}

function delivered(topic: string, partition: number, message: KafkaMessage): DeliveredRecord {
  const headers = entryHeaders(message.headers);
  return { topic, partition, offset: message.offset, headers, value: message.value ?? Buffer.alloc(0) };
}
