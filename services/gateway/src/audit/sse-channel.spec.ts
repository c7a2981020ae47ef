import { Writable } from 'node:stream';
import { SseChannel, type SseChannelOptions, type SseEvent, sseText, type StreamEnd } from './sse-channel';

/** A client in memory: it reads as it is written to, or stops reading until `read()`. */
class Client extends Writable {
  text = '';
  finished = false;
  destroyedByServer = false;
  private held: (() => void)[] = [];
  constructor(private reading = true) {
    super({ highWaterMark: 1024, decodeStrings: false, autoDestroy: false });
    this.once('finish', () => (this.finished = true));
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    if (this.reading) done();
    else this.held.push(done);
  }
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.destroyedByServer = true;
    done(error);
  }
  read(): void {
    this.reading = true;
    for (const done of this.held.splice(0)) done();
  }
  /** The events received, parsed as text/event-stream: fields by name, comments left out. */
  events(): Record<string, string>[] {
    return this.text
      .split('\n\n')
      .filter((block) => block !== '' && !block.startsWith(':'))
      .map((block) => {
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          const at = line.indexOf(': ');
          const name = line.slice(0, at);
          fields[name] = fields[name] === undefined ? line.slice(at + 2) : `${fields[name]}\n${line.slice(at + 2)}`;
        }
        return fields;
      });
  }
}

const OPTIONS: SseChannelOptions = { bufferBytes: 4096, heartbeatMs: 60_000, flushGraceMs: 60_000 };
const turn = () => new Promise((resolve) => setImmediate(resolve));
const entry = (n: number, bytes = 100): SseEvent => ({
  id: String(n),
  event: 'parkledger.park.registered.v1',
  data: JSON.stringify({ position: String(n), pad: 'x'.repeat(bytes) }),
});

/** Sends events as the feed does: their text once, and the last id. */
const send = (channel: SseChannel, events: SseEvent[]) => channel.send(sseText(events), events.at(-1)?.id);

describe('a live tail’s text/event-stream', () => {
  const channels: SseChannel[] = [];
  const channelOf = (client: Client, options: Partial<SseChannelOptions> = {}) => {
    const ends: StreamEnd[] = [];
    const channel = new SseChannel(client, { ...OPTIONS, ...options }, (reason) => ends.push(reason));
    channels.push(channel);
    return { channel, ends };
  };
  afterEach(() => {
    for (const channel of channels.splice(0)) channel.close();
  });

  it('writes each entry as an event with its position as id, its type as name, its JSON as one data line', async () => {
    const client = new Client();
    const { channel } = channelOf(client);
    channel.comment('opened after 4\nsecond line');
    send(channel, [entry(5), { id: '6', event: 'parkledger.park.retired.v1', data: '{"a":1}\n{"b":2}' }]);
    await turn();
    expect(client.text.startsWith(': opened after 4 second line\n\n')).toBe(true);
    expect(client.events()).toEqual([
      { id: '5', event: 'parkledger.park.registered.v1', data: entry(5).data },
      { id: '6', event: 'parkledger.park.retired.v1', data: '{"a":1}\n{"b":2}' },
    ]);
    expect(channel.lastEventId).toBe('6');
  });

  it('keeps a client that reads, however many events come in a turn', async () => {
    const client = new Client();
    const { channel, ends } = channelOf(client);
    for (let n = 0; n < 500; n += 1) send(channel, [entry(n)]); // ~70 KB in one turn, the bound 4 KB
    await turn();
    expect(ends).toEqual([]);
    expect(client.events()).toHaveLength(500);
  });

  it('sets the client’s Last-Event-ID to where the stream starts before any event, so an end before the first resumes there', async () => {
    const client = new Client();
    const { channel } = channelOf(client);
    channel.startAfter('41');
    channel.end('token-expired', 'expired');
    await turn();
    expect(client.text.startsWith('id: 41\n\n')).toBe(true);
    expect(JSON.parse(client.events().at(-1)?.data ?? '{}')).toMatchObject({
      reason: 'token-expired',
      lastEventId: '41',
    });
  });

  it('gives no id before the first entry of the log (-1), which no Last-Event-ID may name', async () => {
    const client = new Client();
    const { channel } = channelOf(client);
    channel.startAfter('-1');
    channel.end('token-expired', 'expired');
    await turn();
    expect(client.text).not.toContain('id:');
    expect(channel.lastEventId).toBeUndefined();
  });

  it('ends a client that stops reading once more than its bound waits, saying so and where to resume', async () => {
    const client = new Client(false);
    const { channel, ends } = channelOf(client);
    send(channel, [entry(1)]);
    send(channel, [entry(2)]);
    await turn();
    expect(ends).toEqual([]);
    for (let n = 3; n <= 60; n += 1) send(channel, [entry(n)]);
    await turn();
    expect(ends).toEqual(['overflow']);
    expect(channel.open).toBe(false);
    send(channel, [entry(61)]); // nothing more is written
    client.read();
    await turn();
    const events = client.events();
    expect(events.slice(0, -1).map((e) => e.id)).toEqual(Array.from({ length: 60 }, (_, n) => String(n + 1)));
    const last = events[events.length - 1];
    expect(last?.event).toBe('end');
    expect(last?.id).toBeUndefined(); // the client's Last-Event-ID stays the last entry's
    expect(JSON.parse(last?.data ?? '{}')).toMatchObject({ reason: 'overflow', lastEventId: '60' });
    expect(client.finished).toBe(true);
    expect(client.destroyedByServer).toBe(false);
  });

  it('drops the connection of an ended client that reads nothing for the grace', async () => {
    const client = new Client(false);
    const { channel } = channelOf(client, { flushGraceMs: 20 });
    for (let n = 1; n <= 60; n += 1) send(channel, [entry(n)]);
    await turn();
    expect(channel.open).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.destroyedByServer).toBe(true);
  });

  it('sends heartbeats, and counts them against the bound too', async () => {
    const client = new Client(false);
    const { ends } = channelOf(client, { heartbeatMs: 5, bufferBytes: 4096 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(client.text).toContain(': heartbeat\n\n');
    expect(ends).toEqual([]); // a few bytes: far from the bound
  });

  it('ends the stream when the caller’s token expires', async () => {
    const client = new Client();
    const { ends } = channelOf(client, { expiresAt: Date.now() + 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ends).toEqual(['token-expired']);
    expect(JSON.parse(client.events()[0]?.data ?? '{}')).toMatchObject({ reason: 'token-expired', lastEventId: null });
  });

  it('writes nothing more once the client went away', async () => {
    const client = new Client();
    const { channel, ends } = channelOf(client, { heartbeatMs: 5 });
    channel.close();
    send(channel, [entry(1)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([client.text, ends]).toEqual(['', []]);
  });
});
