import {
  EventDecodeError,
  decodeEvent,
  parseEnvelope,
  type DecodedEvent,
  type EventEnvelope,
} from '@parkledger/contracts';
import { endSpan, inStartedSpan, withCorrelation } from '@parkledger/platform';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type Pool, type PoolClient } from 'pg';
import { type Logger } from 'pino';
import { type EventPublisher } from '../kafka/event-publisher';
import { restartAfterCrash, runConsumer } from '../kafka/crash-restart';
import { IDLE_FETCH_WAIT_MS } from '../kafka/kafka-client';
import { OffsetCommits } from '../kafka/offset-commits';
import { consumerLag, deadLetters } from '../metrics/messaging-metrics';
import { prepared } from '../prepared';
import { backoffMs, ident, isTransientDatabaseError, sleep } from '../sql';
import { eventSpan } from '../tracing/event-span';
import { deadLetterRecord } from './dead-letter';

export interface ConsumedEvent {
  envelope: EventEnvelope;
  event: DecodedEvent;
  topic: string;
  partition: number;
  offset: string;
}

/** Applies one event's effects inside `tx`; throwing rolls them back. */
export type EventHandler = (event: ConsumedEvent, tx: PoolClient) => Promise<void>;

/**
 * Applies the effects of several events at once, in their order, inside `tx`: the same result as
 * `handle` on each in turn, in fewer statements. Throwing rolls them all back.
 */
export type RunHandler = (events: readonly ConsumedEvent[], tx: PoolClient) => Promise<void>;

export interface IdempotentConsumerOptions {
  /** the consumer's name: its Kafka group id and its key in the inbox */
  consumer: string;
  topics: readonly string[];
  /** the schema that holds this consumer's inbox and effects */
  schema: string;
  kafka: Kafka;
  pool: Pool;
  /** publishes dead letters */
  publisher: EventPublisher;
  handle: EventHandler;
  /** optional: when it throws, the run is applied again with `handle`, event by event */
  handleRun?: RunHandler;
  logger: Logger;
  /** attempts of a failing handler before the event goes to the dead-letter topic */
  maxAttempts?: number;
  fromBeginning?: boolean;
  /** how long applied offsets may wait to be committed (default COMMIT_INTERVAL_MS) */
  commitIntervalMs?: number;
  /**
   * called after each transaction that applied events commits: a consumer whose effects write
   * outbox rows wakes its relay with it (OutboxRelay.rowsCommitted), else they wait for its poll
   */
  afterCommit?: () => void;
}

export interface ConsumerStats {
  applied: number;
  duplicates: number;
  retried: number;
  deadLettered: number;
}

type Outcome = 'applied' | 'duplicate';

/** At most this many events in one transaction. */
const MAX_RUN = 500;

/**
 * At-least-once delivery made exactly-once in effect: the event id is recorded in the inbox in
 * the same transaction as the effects, so a redelivered event changes nothing. A record that
 * can't be decoded (its envelope included: a `ce_id` that is not a UUID), or whose handler keeps
 * failing, goes to `<topic>.dlq` with the reason and the stream goes on; an event whose handler
 * kept failing is then recorded in the inbox as dead-lettered, so a redelivery is absorbed.
 * Database outages are waited out, never dead-lettered.
 */
export class IdempotentConsumer {
  readonly stats: ConsumerStats = { applied: 0, duplicates: 0, retried: 0, deadLettered: 0 };
  private readonly inbox: string;
  private readonly maxAttempts: number;
  private consumer: Consumer | undefined;
  private commits: OffsetCommits | undefined;
  private stopped = false;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.inbox = `${ident(options.schema)}.inbox`;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.run();
  }

  /** A new kafkajs consumer in the group, reading on from its committed offsets; started again after a crash. */
  private async run(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.consumer,
      // a member silent for 10 s is presumed dead and its partitions move (a paused process, a hung host)
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
    });
    this.consumer = consumer;
    const commits = new OffsetCommits(consumer, {
      group: this.options.consumer,
      logger: this.options.logger,
      intervalMs: this.options.commitIntervalMs,
    });
    this.commits = commits;
    restartAfterCrash(consumer, {
      group: this.options.consumer,
      logger: this.options.logger,
      stopped: () => this.stopped,
      restart: () => this.run(),
    });
    const topics = [...this.options.topics];
    await runConsumer(
      consumer,
      { topics, fromBeginning: this.options.fromBeginning ?? true },
      {
        autoCommit: false, // committed by `commits`, at most once an interval
        eachBatchAutoResolve: false,
        eachBatch: (batch) => this.eachBatch(batch, commits),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.commits?.flush();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.commits = undefined;
  }

  private async eachBatch(payload: EachBatchPayload, commits: OffsetCommits): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    const heartbeat = () => payload.heartbeat();
    let next = 0;
    while (next < messages.length) {
      if (!payload.isRunning() || payload.isStale()) return;
      // Fast path: a run of events in one transaction, claimed in the inbox with one statement.
      const done = await this.applyRun(topic, partition, messages.slice(next, next + MAX_RUN), heartbeat);
      for (const message of messages.slice(next, next + done)) payload.resolveOffset(message.offset);
      next += done;
      const stuck = messages[next];
      if (stuck !== undefined && done < MAX_RUN) {
        // The run stopped at a record it could not decode (dead-lettered at once) or whose effect
        // failed (its first attempt): that one alone, with the retry budget, before anything after it.
        await this.process(topic, partition, stuck, heartbeat, 2);
        payload.resolveOffset(stuck.offset);
        next += 1;
      }
      const last = messages[next - 1];
      if (last !== undefined) await commits.applied(payload, last.offset);
      await heartbeat();
    }
    consumerLag.set(
      { consumer: this.options.consumer, topic, partition: String(partition) },
      Number(payload.batch.offsetLag()),
    );
  }

  private decode(topic: string, partition: number, message: KafkaMessage): ConsumedEvent {
    const envelope = parseEnvelope(message.headers);
    const event = decodeEvent(envelope.type, message.value ?? Buffer.alloc(0));
    return { envelope, event, topic, partition, offset: message.offset };
  }

  /**
   * Applies decodable events from the start of `messages` in one transaction: one multi-row inbox
   * claim, then the effects of the events seen for the first time. It stops at the first record it
   * can't decode; when an effect fails, the transaction is rolled back and the events before that
   * one are applied again without it (the failure counts as its first attempt). Returns how many
   * it committed.
   */
  private async applyRun(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    const decoded: ConsumedEvent[] = [];
    for (const message of messages) {
      try {
        decoded.push(this.decode(topic, partition, message));
      } catch (error) {
        if (!(error instanceof EventDecodeError)) throw error;
        break;
      }
    }
    let run = decoded;
    let wholeRun = true;
    for (let waits = 1; run.length > 0;) {
      const client = await this.options.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const first = await this.claimRun(client, run);
        const fresh = run.filter((consumed) => first.delete(consumed.envelope.id)); // first copies of new events
        let failedAt: number | undefined;
        if (wholeRun && this.options.handleRun !== undefined && fresh.length > 0) {
          // a span for each event of the run (none active: the run is many events' work at once)
          const spans = fresh.map((consumed) => eventSpan(this.options.consumer, consumed));
          try {
            await this.options.handleRun(fresh, client);
            for (const span of spans) endSpan(span);
          } catch (error) {
            for (const span of spans) endSpan(span, error);
            if (isTransientDatabaseError(error)) throw error;
            // no verdict on any one event yet: the same run again, event by event
            await client.query('ROLLBACK');
            wholeRun = false;
            continue;
          }
        } else {
          failedAt = await this.applyEach(run, new Set(fresh), client);
        }
        if (failedAt !== undefined) {
          // roll back at the failed effect, then apply the events before it again, without it
          await client.query('ROLLBACK');
          run = run.slice(0, failedAt);
          continue;
        }
        await client.query('COMMIT');
        if (fresh.length > 0) this.options.afterCommit?.();
        this.stats.applied += fresh.length;
        this.stats.duplicates += run.length - fresh.length;
        return run.length;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (!isTransientDatabaseError(error)) throw error;
        // Not the events' fault: wait for the database, however long it takes.
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'consumer: database unavailable, waiting',
        );
        await heartbeat().catch(() => undefined);
        await sleep(backoffMs(waits, 2000));
        waits += 1;
      } finally {
        client.release(broken);
      }
    }
    return 0;
  }

  /**
   * The effects of `fresh` events one by one, in the run's order; returns the index in `run` of the
   * first whose effect failed (the caller rolls back), or undefined when all were applied.
   */
  private async applyEach(
    run: readonly ConsumedEvent[],
    fresh: ReadonlySet<ConsumedEvent>,
    client: PoolClient,
  ): Promise<number | undefined> {
    for (const [index, consumed] of run.entries()) {
      if (!fresh.has(consumed)) continue;
      try {
        await this.inEventContext(consumed, () => this.options.handle(consumed, client));
      } catch (error) {
        if (isTransientDatabaseError(error)) throw error;
        this.stats.retried += 1;
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error), eventId: consumed.envelope.id, attempt: 1 },
          'consumer: handler failed, retrying',
        );
        return index;
      }
    }
    return undefined;
  }

  /**
   * Claims a run's event ids in the inbox with one statement, counting every delivery (copies of
   * one event within the run included); returns the ids it recorded for the first time.
   */
  private async claimRun(client: PoolClient, run: ConsumedEvent[]): Promise<Set<string>> {
    const byId = new Map<string, { consumed: ConsumedEvent; copies: number }>();
    for (const consumed of run) {
      const seen = byId.get(consumed.envelope.id);
      if (seen === undefined) byId.set(consumed.envelope.id, { consumed, copies: 1 });
      else seen.copies += 1;
    }
    const rows = [...byId.values()];
    const claimed = await client.query<{ event_id: string; first: boolean }>(
      // prepared: every batch runs it, and its one plan is to insert the arrays' rows
      prepared(`INSERT INTO ${this.inbox} AS i (consumer, event_id, event_type, topic, "partition", "offset", deliveries)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::int[])
       ON CONFLICT (consumer, event_id) DO UPDATE SET deliveries = i.deliveries + EXCLUDED.deliveries
       RETURNING i.event_id::text AS event_id, i.xmax = 0 AS first`),
      [
        this.options.consumer,
        rows.map((r) => r.consumed.envelope.id),
        rows.map((r) => r.consumed.envelope.type),
        rows.map((r) => r.consumed.topic),
        rows.map((r) => r.consumed.partition),
        rows.map((r) => r.consumed.offset),
        rows.map((r) => r.copies),
      ],
    );
    return new Set(claimed.rows.filter((row) => row.first).map((row) => row.event_id));
  }

  /**
   * Records the event id in the inbox; 'duplicate' when it was there already, and then counts the
   * delivery, so the inbox says how many duplicates it absorbed.
   */
  private async claim(client: PoolClient, consumed: ConsumedEvent): Promise<Outcome> {
    const claimed = await client.query<{ first: boolean }>(
      `INSERT INTO ${this.inbox} AS i (consumer, event_id, event_type, topic, "partition", "offset")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (consumer, event_id) DO UPDATE SET deliveries = i.deliveries + 1
       RETURNING i.deliveries = 1 AS first`,
      [
        this.options.consumer,
        consumed.envelope.id,
        consumed.envelope.type,
        consumed.topic,
        consumed.partition,
        consumed.offset,
      ],
    );
    return claimed.rows[0]?.first === true ? 'applied' : 'duplicate';
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    firstAttempt: number,
  ): Promise<void> {
    let consumed: ConsumedEvent;
    try {
      consumed = this.decode(topic, partition, message);
    } catch (error) {
      if (!(error instanceof EventDecodeError)) throw error;
      await this.deadLetter(topic, partition, message, `undecodable: ${error.reason}`, heartbeat);
      return;
    }

    let failures = 0;
    for (let attempt = firstAttempt; ; attempt += 1) {
      try {
        const outcome = await this.inEventContext(consumed, () => this.applyOnce(consumed));
        this.stats[outcome === 'applied' ? 'applied' : 'duplicates'] += 1;
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (isTransientDatabaseError(error)) {
          // Not the event's fault: wait for the database, however long it takes.
          attempt -= 1;
          this.options.logger.warn(
            { err: reason, eventId: consumed.envelope.id },
            'consumer: database unavailable, waiting',
          );
        } else if (attempt >= this.maxAttempts) {
          const why = `handler failed ${attempt} times: ${reason}`;
          await this.deadLetter(topic, partition, message, why, heartbeat);
          await this.recordDeadLettered(consumed, heartbeat);
          return;
        } else {
          this.stats.retried += 1;
          this.options.logger.warn(
            { err: reason, eventId: consumed.envelope.id, attempt },
            'consumer: handler failed, retrying',
          );
        }
        failures += 1;
        await heartbeat().catch(() => undefined);
        await sleep(backoffMs(failures, 2000));
      }
    }
  }

  /**
   * Runs an event's work inside its correlation id and its span, so its log lines and the events it
   * writes carry both.
   */
  private inEventContext<T>(consumed: ConsumedEvent, work: () => Promise<T>): Promise<T> {
    return inStartedSpan(eventSpan(this.options.consumer, consumed), () =>
      withCorrelation(consumed.envelope.correlationId, work),
    );
  }

  /** One transaction: claim the event id in the inbox, apply the effects, commit both or neither. */
  private async applyOnce(consumed: ConsumedEvent): Promise<Outcome> {
    const client = await this.options.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      if ((await this.claim(client, consumed)) === 'duplicate') {
        await client.query('COMMIT'); // keeps the delivery count
        return 'duplicate';
      }
      await this.options.handle(consumed, client);
      await client.query('COMMIT');
      this.options.afterCommit?.();
      return 'applied';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Records a dead-lettered event in the inbox (`dead_lettered`), after its dead letter is on Kafka,
   * so a redelivery is absorbed like a duplicate instead of running the handler again.
   */
  private async recordDeadLettered(consumed: ConsumedEvent, heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.pool.query(
          `INSERT INTO ${this.inbox} (consumer, event_id, event_type, topic, "partition", "offset", dead_lettered)
           VALUES ($1, $2, $3, $4, $5, $6, true)
           ON CONFLICT (consumer, event_id) DO NOTHING`,
          [
            this.options.consumer,
            consumed.envelope.id,
            consumed.envelope.type,
            consumed.topic,
            consumed.partition,
            consumed.offset,
          ],
        );
        return;
      } catch (error) {
        if (!isTransientDatabaseError(error)) throw error;
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error), eventId: consumed.envelope.id },
          'consumer: database unavailable, waiting to record a dead letter',
        );
        await heartbeat().catch(() => undefined);
        await sleep(backoffMs(attempt, 2000));
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const record = deadLetterRecord({ topic, partition, message }, this.options.consumer, reason);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.publisher.publish([record]);
        this.stats.deadLettered += 1;
        deadLetters.inc({ consumer: this.options.consumer, topic });
        this.options.logger.error(
          { topic, partition, offset: message.offset, reason },
          'consumer: record dead-lettered',
        );
        return;
      } catch (error) {
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'consumer: dead-letter publish failed, retrying',
        );
        await heartbeat().catch(() => undefined);
        await sleep(backoffMs(attempt));
      }
    }
  }
}
