import { type Consumer, type EachBatchPayload, type TopicOffsets, type TopicPartitionOffset } from 'kafkajs';
import { type Logger } from 'pino';

/** How long applied offsets may wait to be committed: about what a crash redelivers, and the consumer absorbs. */
export const COMMIT_INTERVAL_MS = 1000;

/**
 * A consumer group's offsets, committed at most once an interval rather than after every batch.
 * kafkajs commits after each batch: under a trickle of events every group sent an OffsetCommit (an
 * append to __consumer_offsets, a round trip) for each event, close to half the broker's CPU under
 * B1's load. The consumers here are idempotent (an inbox, the audit log's deliveries), so a commit
 * lost in a crash only redelivers what they absorb. Nothing is committed before it is applied:
 * `applied` is called after the transaction that applied it commits.
 *
 * A commit is due after a batch once the interval has passed since the last one; what waits
 * meanwhile is committed by a timer, so an idle group's offsets still reach the broker (a lag read
 * there falls to 0). When the group starts to rebalance, what waits is committed at once, as
 * kafkajs does before it rejoins; once it has rejoined, offsets of the old assignment are dropped
 * (the partitions may be another member's now, and the group reads on from what it committed). While
 * the consumer stops, each batch commits at once, and `flush` commits what waits before it leaves.
 */
export class OffsetCommits {
  private readonly waiting = new Map<string, TopicPartitionOffset>();
  private last = 0;
  /** one commit at a time, so a later offset is never overtaken by an earlier one */
  private committing: Promise<void> = Promise.resolve();
  private inFlight = false;
  /** counts the group's joins and stops: a commit that fails after one keeps nothing of the old assignment */
  private joins = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: { group: string; logger: Logger; intervalMs?: number },
  ) {
    consumer.on(consumer.events.REBALANCING, () => void this.commitLater());
    // a new assignment, or none (kafkajs also stops before it restarts a consumer that crashed)
    consumer.on(consumer.events.GROUP_JOIN, () => this.forget());
    consumer.on(consumer.events.STOP, () => this.forget());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.stopping = true;
      this.forget();
    });
  }

  /**
   * The batch's records up to `offset` are applied: commits now if a commit is due, else soon. A
   * batch commits through its own payload, which kafkajs lets commit while the consumer stops; it
   * waits for no other commit (one under way, its retries included, takes what waits next time).
   */
  applied(payload: EachBatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    // a committed offset is the next one to read: one past the last applied
    this.waiting.set(`${topic}/${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    const wait = this.last + this.interval - Date.now();
    if (this.stopping || (wait <= 0 && !this.inFlight)) {
      return this.commit((offsets) => payload.commitOffsetsIfNecessary({ topics: byTopic(offsets) }));
    }
    this.timer ??= setTimeout(() => void this.commitLater(), Math.max(wait, 0)).unref();
    return Promise.resolve();
  }

  /** The consumer is about to leave its group: commits what waits, and every later batch at once. */
  flush(): Promise<void> {
    this.stopping = true;
    return this.commitLater();
  }

  private get interval(): number {
    return this.options.intervalMs ?? COMMIT_INTERVAL_MS;
  }

  /** A commit outside any batch: through the consumer, which commits only while it runs. */
  private commitLater(): Promise<void> {
    return this.commit((offsets) => this.consumer.commitOffsets(offsets));
  }

  private commit(send: (offsets: TopicPartitionOffset[]) => Promise<void>): Promise<void> {
    this.clearTimer();
    this.committing = this.committing.then(async () => {
      if (this.waiting.size === 0) return;
      const offsets = [...this.waiting.values()];
      const joins = this.joins;
      this.waiting.clear();
      this.last = Date.now();
      this.inFlight = true;
      try {
        await send(offsets);
      } catch (error) {
        this.failed(offsets, joins, error);
      } finally {
        this.inFlight = false;
      }
    });
    return this.committing;
  }

  /**
   * A commit failed (kafkajs retried it meanwhile): its offsets wait for the next, unless later ones
   * came or the group rejoined since; once the consumer stops, they are left to be read again.
   */
  private failed(offsets: readonly TopicPartitionOffset[], joins: number, error: unknown): void {
    const keep = !this.stopping && joins === this.joins;
    if (keep) {
      for (const committed of offsets) {
        const key = `${committed.topic}/${committed.partition}`;
        if (!this.waiting.has(key)) this.waiting.set(key, committed);
      }
      this.timer ??= setTimeout(() => void this.commitLater(), this.interval).unref();
    }
    this.options.logger.warn(
      { group: this.options.group, err: error instanceof Error ? error.message : String(error) },
      keep ? 'consumer: offsets not committed, trying again' : 'consumer: offsets not committed, left to be read again',
    );
  }

  /** Drops what waits: the partitions may be another member's, which reads on from what was committed. */
  private forget(): void {
    this.joins += 1;
    this.waiting.clear();
    this.clearTimer();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function byTopic(offsets: readonly TopicPartitionOffset[]): TopicOffsets[] {
  const topics = new Map<string, TopicOffsets>();
  for (const { topic, partition, offset } of offsets) {
    const entry = topics.get(topic) ?? { topic, partitions: [] };
    entry.partitions.push({ partition, offset });
    topics.set(topic, entry);
  }
  return [...topics.values()];
}
