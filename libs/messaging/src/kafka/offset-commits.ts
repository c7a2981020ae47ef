import { type Consumer, type EachBatchPayload } from 'kafkajs';
import { type Logger } from 'pino';

/** How long applied offsets may wait to be committed: a crash redelivers at most this much, and the consumer absorbs it. */
export const COMMIT_INTERVAL_MS = 1000;

interface Committed {
  topic: string;
  partition: number;
  /** the next offset to read: one past the last applied */
  offset: string;
}

/**
 * A consumer group's offsets, committed at most once an interval rather than after every batch.
 * kafkajs commits after each batch: under a trickle of events every group sent an OffsetCommit (an
 * append to __consumer_offsets, a round trip) for each event, which cost the broker more CPU than
 * the events themselves. The consumers here are idempotent (an inbox, the audit log's deliveries),
 * so a commit lost in a crash only redelivers what they absorb. Nothing is committed before it is
 * applied: `applied` is called after the transaction that applied it commits. A commit is due after
 * a batch once the interval has passed since the last one; what waits meanwhile is committed by a
 * timer, so an idle group's offsets still reach the broker (a lag read on the broker falls to 0).
 * While the consumer stops, each batch commits at once, and `flush` commits what waits before it
 * leaves the group.
 */
export class OffsetCommits {
  private readonly waiting = new Map<string, Committed>();
  private last = 0;
  /** one commit at a time, so a later offset is never overtaken by an earlier one */
  private committing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: { group: string; logger: Logger; intervalMs?: number },
  ) {}

  /**
   * The batch's records up to `offset` are applied: commits now if a commit is due, else soon. A
   * batch commits through its own payload, which kafkajs lets commit while the consumer stops.
   */
  applied(payload: EachBatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    this.waiting.set(`${topic}/${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    const wait = this.last + this.interval - Date.now();
    if (this.stopping || wait <= 0) {
      return this.commit((offsets) => payload.commitOffsetsIfNecessary({ topics: byTopic(offsets) }));
    }
    this.timer ??= setTimeout(() => void this.commitLater(), wait).unref();
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

  private commit(send: (offsets: Committed[]) => Promise<void>): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.committing = this.committing.then(async () => {
      if (this.waiting.size === 0) return;
      const offsets = [...this.waiting.values()];
      this.waiting.clear();
      this.last = Date.now();
      try {
        await send(offsets);
      } catch (error) {
        // a broker away (kafkajs retried meanwhile): the offsets wait for the next commit, unless
        // later ones came; once the consumer stops they are left to be read again and absorbed
        for (const committed of offsets) {
          const key = `${committed.topic}/${committed.partition}`;
          if (!this.waiting.has(key)) this.waiting.set(key, committed);
        }
        if (!this.stopping) this.timer ??= setTimeout(() => void this.commitLater(), this.interval).unref();
        this.options.logger.warn(
          { group: this.options.group, err: error instanceof Error ? error.message : String(error) },
          'consumer: offsets not committed yet, retrying',
        );
      }
    });
    return this.committing;
  }
}

function byTopic(
  offsets: readonly Committed[],
): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) {
    const partitions = topics.get(topic) ?? [];
    partitions.push({ partition, offset });
    topics.set(topic, partitions);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
