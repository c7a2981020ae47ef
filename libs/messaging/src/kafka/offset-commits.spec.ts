import { type Consumer, type EachBatchPayload, type Offsets, type TopicPartitionOffsetAndMetadata } from 'kafkajs';
import pino from 'pino';
import { OffsetCommits } from './offset-commits';

/** What was committed, and how: in a batch (through its payload) or outside one (through the consumer). */
type Sent = { via: 'batch' | 'consumer'; offsets: string[] };

const EVENTS = { REBALANCING: 'rebalancing', GROUP_JOIN: 'group_join', STOP: 'stop', CRASH: 'crash' };

/**
 * A consumer and batches that record what they commit. `failing` commits fail; `held` ones stay
 * under way until `release()`, as a commit kafkajs retries does.
 */
function harness(options: { failing?: number; held?: number } = {}) {
  const sent: Sent[] = [];
  let failing = options.failing ?? 0;
  let held = options.held ?? 0;
  const releases: (() => void)[] = [];
  const record = async (via: Sent['via'], offsets: string[]) => {
    if (held > 0) {
      held -= 1;
      await new Promise<void>((resolve) => releases.push(resolve));
    }
    if (failing > 0) {
      failing -= 1;
      throw new Error('The coordinator is not available');
    }
    sent.push({ via, offsets });
  };
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  const consumer = {
    events: EVENTS,
    on: (name: string, listener: (event: { payload: unknown }) => void) => listeners.set(name, listener),
    commitOffsets: (offsets: TopicPartitionOffsetAndMetadata[]) =>
      record(
        'consumer',
        offsets.map((o) => `${o.topic}/${o.partition}@${o.offset}`),
      ),
  } as unknown as Consumer;
  const payload = (topic: string, partition: number) =>
    ({
      batch: { topic, partition },
      commitOffsetsIfNecessary: (offsets?: Offsets) =>
        record(
          'batch',
          (offsets?.topics ?? []).flatMap((t) => t.partitions.map((p) => `${t.topic}/${p.partition}@${p.offset}`)),
        ),
    }) as unknown as EachBatchPayload;
  const commits = new OffsetCommits(consumer, { group: 'g', logger: pino({ level: 'silent' }), intervalMs: 1000 });
  const emit = (name: keyof typeof EVENTS, payload: unknown = {}) => listeners.get(EVENTS[name])?.({ payload });
  const release = () => releases.shift()?.();
  return { sent, payload, commits, emit, release };
}

describe('OffsetCommits', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('commits the first batch at once, the next ones once an interval has passed, by a timer when none comes', async () => {
    const { sent, payload, commits } = harness();
    await commits.applied(payload('t', 0), '4');
    expect(sent).toEqual([{ via: 'batch', offsets: ['t/0@5'] }]); // the next offset to read

    jest.advanceTimersByTime(300);
    await commits.applied(payload('t', 0), '6');
    await commits.applied(payload('t', 1), '2');
    await commits.applied(payload('t', 0), '9');
    expect(sent).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(700);
    expect(sent[1]).toEqual({ via: 'consumer', offsets: ['t/0@10', 't/1@3'] });

    jest.advanceTimersByTime(1000);
    await commits.applied(payload('t', 1), '7');
    expect(sent[2]).toEqual({ via: 'batch', offsets: ['t/1@8'] });
    await jest.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(3); // nothing waits, nothing is sent
  });

  it('on flush commits what waits, and from then on every batch at once', async () => {
    const { sent, payload, commits } = harness();
    await commits.applied(payload('t', 0), '0');
    await commits.applied(payload('t', 0), '1');
    await commits.flush();
    await commits.applied(payload('t', 0), '2');
    expect(sent).toEqual([
      { via: 'batch', offsets: ['t/0@1'] },
      { via: 'consumer', offsets: ['t/0@2'] },
      { via: 'batch', offsets: ['t/0@3'] },
    ]);
  });

  it('keeps offsets a commit failed to send for the next one, unless later ones came; a stopping consumer leaves them', async () => {
    const { sent, payload, commits } = harness({ failing: 2 });
    await commits.applied(payload('t', 0), '3'); // fails: kept, a retry an interval later
    await commits.applied(payload('t', 1), '8');
    await jest.advanceTimersByTimeAsync(1000); // fails again
    await commits.applied(payload('t', 0), '5'); // a later offset replaces the kept one
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([{ via: 'consumer', offsets: ['t/0@6', 't/1@9'] }]);

    const stopping = harness({ failing: 1 });
    await stopping.commits.flush();
    await stopping.commits.applied(stopping.payload('t', 0), '1');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(stopping.sent).toEqual([]);
  });

  it('commits what waits when the group starts to rebalance, and drops the old assignment once it has rejoined', async () => {
    const { sent, payload, commits, emit } = harness({ failing: 1 });
    await commits.applied(payload('t', 0), '0'); // fails: kept
    await commits.applied(payload('t', 1), '4');
    emit('REBALANCING');
    await jest.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ via: 'consumer', offsets: ['t/0@1', 't/1@5'] }]);

    await jest.advanceTimersByTimeAsync(1000);
    await commits.applied(payload('t', 2), '7'); // due: sent at once
    await commits.applied(payload('t', 0), '9'); // waits for the timer
    emit('GROUP_JOIN'); // t/0 may be another member's now: 9 is dropped, to be read again
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent.slice(1)).toEqual([{ via: 'batch', offsets: ['t/2@8'] }]);
  });

  it('lets a due batch go on while a commit is still under way, and keeps nothing of a failed one across a rejoin', async () => {
    const { sent, payload, commits, emit, release } = harness({ held: 1, failing: 1 });
    const first = commits.applied(payload('t', 0), '0'); // under way, kafkajs retrying it
    await jest.advanceTimersByTimeAsync(1500);
    await commits.applied(payload('t', 0), '1'); // due, but does not wait for the first
    emit('GROUP_JOIN');
    release(); // the first fails now: after the rejoin, nothing of it is kept
    await first;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([]);
  });

  it('stops for good when kafkajs gives the consumer up, and only then', async () => {
    const restarted = harness({ failing: 1 });
    restarted.emit('CRASH', { restart: true });
    await restarted.commits.applied(restarted.payload('t', 0), '0'); // fails: kept, and retried
    await jest.advanceTimersByTimeAsync(1000);
    expect(restarted.sent).toEqual([{ via: 'consumer', offsets: ['t/0@1'] }]);

    const given = harness({ failing: 1 });
    given.emit('CRASH', { restart: false });
    await given.commits.applied(given.payload('t', 0), '0'); // fails: left
    await jest.advanceTimersByTimeAsync(10_000);
    expect(given.sent).toEqual([]);
  });
});
