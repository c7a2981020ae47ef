import { type Consumer, type EachBatchPayload, type Offsets, type TopicPartitionOffsetAndMetadata } from 'kafkajs';
import pino from 'pino';
import { OffsetCommits } from './offset-commits';

/** What was committed, and how: in a batch (through its payload) or outside one (through the consumer). */
type Sent = { via: 'batch' | 'consumer'; offsets: string[] };

function harness(options: { failing?: number } = {}) {
  const sent: Sent[] = [];
  let failing = options.failing ?? 0;
  const record = (via: Sent['via'], offsets: string[]) => {
    if (failing > 0) {
      failing -= 1;
      return Promise.reject(new Error('The coordinator is not available'));
    }
    sent.push({ via, offsets });
    return Promise.resolve();
  };
  const consumer = {
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
  return { sent, payload, commits };
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
});
