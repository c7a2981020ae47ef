import { type TailEntryJson, type TailResponseJson } from '@parkledger/contracts';
import { type TailFilter } from './tail-request';
import { type TailOutput, TailStream } from './tail-stream';

const EVERYTHING: TailFilter = { types: new Set() };

const entry = (position: number, eventType = 'parkledger.park.registered.v1', aggregateId = 'p'): TailEntryJson => ({
  position: String(position),
  eventType,
  aggregateType: eventType.split('.')[1] ?? '',
  aggregateId,
});

/** An output whose buffer takes `room` messages, then waits until the test drains it. */
class FakeOutput implements TailOutput {
  readonly sent: TailResponseJson[] = [];
  ended = false;
  failed: unknown;
  constructor(public room = Infinity) {}
  ready(): boolean {
    return this.room > 0;
  }
  send(message: TailResponseJson): void {
    this.sent.push(message);
    this.room -= 1;
  }
  end(): void {
    this.ended = true;
  }
  fail(error: unknown): void {
    this.failed = error;
  }
  /** the positions sent, message by message */
  messages(): string[][] {
    return this.sent.flatMap((m) => (m.entries === undefined ? [] : [m.entries.map((e) => e.position ?? '')]));
  }
  positions(): string[] {
    return this.messages().flat();
  }
}

const streamOf = (output: FakeOutput, bound = 3, filter = EVERYTHING) => {
  const closed: TailStream[] = [];
  const behind: number[] = [];
  const stream = new TailStream(filter, bound, output, {
    behind: (s) => behind.push(s.position),
    closed: (s) => closed.push(s),
  });
  return { stream, closed, behind };
};

describe('a tail stream', () => {
  it('says where it starts, sends the catch-up, then the live entries after it, each once and in order', () => {
    const output = new FakeOutput();
    const { stream } = streamOf(output);
    stream.open(4);
    expect(output.sent[0]).toEqual({ opened: { after: '4' } });
    stream.logged([entry(5)]); // live entries before the catch-up is done are the catch-up's to read
    stream.caughtUp([entry(5), entry(6)], 7);
    stream.goLive();
    stream.logged([entry(6), entry(7), entry(8), entry(9)]); // 6 and 7 were read by the catch-up
    expect(output.messages()).toEqual([
      ['5', '6'],
      ['8', '9'],
    ]); // what came together goes together
    expect(stream.position).toBe(9);
  });

  it('sends only what its filter lets through, and moves past the rest', () => {
    const output = new FakeOutput();
    const filter: TailFilter = {
      types: new Set(['parkledger.park.retired.v1']),
      aggregateType: 'park',
      aggregateId: 'a',
    };
    const { stream } = streamOf(output, 3, filter);
    stream.open(-1);
    stream.goLive();
    stream.logged([
      entry(0, 'parkledger.park.retired.v1', 'a'),
      entry(1, 'parkledger.park.retired.v1', 'b'),
      entry(2, 'parkledger.park.registered.v1', 'a'),
      { position: '3' }, // an undecodable entry: no envelope
      entry(4, 'parkledger.park.retired.v1', 'a'),
    ]);
    stream.logged([entry(5, 'parkledger.park.updated.v1', 'a')]);
    expect(output.messages()).toEqual([['0', '4']]);
    expect(stream.position).toBe(5);
  });

  it('holds what its output has no room for, and sends it in one message when the output drains', () => {
    const output = new FakeOutput(2); // the opened message and one more
    const { stream } = streamOf(output);
    stream.open(-1);
    stream.goLive();
    stream.logged([entry(0)]);
    stream.logged([entry(1)]);
    stream.logged([entry(2)]);
    expect(output.positions()).toEqual(['0']);
    output.room = 10;
    stream.drained();
    expect(output.messages()).toEqual([['0'], ['1', '2']]);
    expect(stream.closed).toBe(false);
  });

  it('keeps a message under its size: big entries go in messages of their own', () => {
    const output = new FakeOutput(1);
    const { stream } = streamOf(output, 10);
    stream.open(-1);
    stream.goLive();
    const big = (n: number): TailEntryJson => ({ ...entry(n), payloadJson: 'x'.repeat(600 * 1024) });
    stream.logged([big(0), big(1), big(2), entry(3)]);
    output.room = 10;
    stream.drained();
    expect(output.messages()).toEqual([
      ['0', '1'],
      ['2', '3'],
    ]);
  });

  it('drops what waits once more live entries wait than its bound, and reads the log again after the last it sent', () => {
    const output = new FakeOutput(2);
    const { stream, behind } = streamOf(output, 3);
    stream.open(9);
    stream.goLive();
    stream.logged([entry(10)]); // sent: the output has no room after it
    stream.logged([entry(11), entry(12), entry(13)]); // they wait: the bound
    expect([stream.live, behind]).toEqual([true, []]);
    stream.logged([entry(14)]);
    expect([stream.live, stream.closed, behind]).toEqual([false, false, [10]]);
    // while it catches up, the live entries are the catch-up's to read, and nothing is held
    output.room = 10;
    stream.logged([entry(15)]);
    stream.drained();
    expect(output.positions()).toEqual(['10']);
    stream.caughtUp([entry(11), entry(12), entry(13), entry(14), entry(15)], 15);
    stream.goLive();
    stream.logged([entry(15), entry(16)]);
    expect(output.positions()).toEqual(['10', '11', '12', '13', '14', '15', '16']);
  });

  it('reads again after its start when nothing was sent before it fell behind', () => {
    const output = new FakeOutput(1); // the opened message only
    const { stream, behind } = streamOf(output, 1);
    stream.open(41);
    stream.goLive();
    stream.logged([entry(42), entry(43)]);
    expect([stream.position, behind]).toEqual([41, [41]]);
  });

  it('holds a whole page during its catch-up, and waits for it to be sent before the next', async () => {
    const output = new FakeOutput(1);
    const { stream } = streamOf(output, 2);
    stream.open(-1);
    stream.caughtUp([entry(0), entry(1), entry(2), entry(3)], 3);
    expect(stream.closed).toBe(false);
    let emptied = false;
    const waiting = stream.emptied().then(() => (emptied = true));
    await Promise.resolve();
    expect(emptied).toBe(false);
    output.room = 10;
    stream.drained();
    await waiting;
    expect(output.messages()).toEqual([['0', '1', '2', '3']]);
  });

  it('drops what it holds when its caller goes away, and says so once', async () => {
    const output = new FakeOutput(1);
    const { stream, closed } = streamOf(output, 5);
    stream.open(-1);
    stream.caughtUp([entry(0), entry(1)], 1);
    const waiting = stream.emptied();
    stream.close();
    stream.close();
    await waiting; // a catch-up waiting on it is let go
    expect(closed).toEqual([stream]);
    expect(output.ended).toBe(false); // the call is gone: nothing to end
    output.room = 10;
    stream.drained();
    expect(output.positions()).toEqual([]);
  });
});
