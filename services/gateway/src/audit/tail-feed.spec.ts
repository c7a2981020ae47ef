import { EventEmitter } from 'node:events';
import { type ClientReadableStream, status } from '@grpc/grpc-js';
import { type TailEntryJson, type TailResponseJson } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';
import { type SseChannel, type StreamEnd } from './sse-channel';
import { TailFeed } from './tail-feed';

/** The gRPC stream as the feed reads it: data, error and end events, and cancel(). */
class FakeCall extends EventEmitter {
  cancelled = false;
  cancel(): void {
    this.cancelled = true;
  }
  data(message: TailResponseJson): void {
    this.emit('data', message);
  }
}

/** A client's channel: what it was sent, and how it ended. */
class FakeChannel {
  text = '';
  lastId: string | undefined;
  ended: StreamEnd | undefined;
  send(text: string | Buffer, lastId: string | undefined): void {
    this.text += text.toString();
    this.lastId = lastId;
  }
  end(reason: StreamEnd): void {
    this.ended = reason;
  }
  ids(): string[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1] ?? '');
  }
}

const entry = (position: number): TailEntryJson => ({
  position: String(position),
  eventType: 'parkledger.park.registered.v1',
  aggregateType: 'park',
  aggregateId: 'p',
  aggregateVersion: '1',
  payloadJson: '{"park":{}}',
});

const feedOf = () => {
  const call = new FakeCall();
  const done: TailFeed[] = [];
  const feed = new TailFeed(call as unknown as ClientReadableStream<TailResponseJson>, (f) => done.push(f));
  return { call, feed, done };
};
const channel = () => new FakeChannel();
const asChannel = (c: FakeChannel) => c as unknown as SseChannel;

describe('a feed of the audit service’s tail', () => {
  it('gives its first client what came right behind the opening, from where it opened', async () => {
    const { call, feed } = feedOf();
    feed.hold();
    call.data({ opened: { after: '4' } });
    call.data({ entries: [entry(5), entry(6)] }); // the catch-up, in the same read as the opening
    await feed.opened;
    expect(feed.position).toBe('4');
    const first = channel();
    feed.join(asChannel(first));
    call.data({ entries: [entry(7)] });
    expect([first.ids(), first.lastId]).toEqual([['5', '6', '7'], '7']);
  });

  it('starts a client that joins later after the last position it received, and writes each message once for all', async () => {
    const { call, feed } = feedOf();
    feed.hold();
    call.data({ opened: { after: '-1' } });
    await feed.opened;
    const first = channel();
    feed.join(asChannel(first));
    call.data({ entries: [entry(0), entry(1)] });
    feed.hold();
    expect(feed.position).toBe('1');
    const second = channel();
    feed.join(asChannel(second));
    call.data({ entries: [entry(2)] });
    expect(first.ids()).toEqual(['0', '1', '2']);
    expect(second.ids()).toEqual(['2']);
    expect(second.text).toBe(first.text.slice(first.text.indexOf('id: 2')));
  });

  it('cancels its stream once no client holds it, and says it is done', async () => {
    const { call, feed, done } = feedOf();
    feed.hold();
    feed.hold();
    call.data({ opened: { after: '-1' } });
    await feed.opened;
    feed.release();
    expect(call.cancelled).toBe(false);
    feed.release();
    expect([call.cancelled, feed.ended, done]).toEqual([true, true, [feed]]);
    call.emit('error', { code: status.CANCELLED, details: 'Cancelled on client' }); // its own cancel: nothing more
  });

  it('passes on the service’s refusal before it opens, as the DomainError it carries', async () => {
    const { call, feed, done } = feedOf();
    feed.hold();
    const problem = { type: 'x', title: 'invalid', status: 422, code: 'audit-stream-invalid', detail: 'no' };
    call.emit('error', { code: status.INVALID_ARGUMENT, details: JSON.stringify(problem) });
    await expect(feed.opened).rejects.toMatchObject({ code: 'audit-stream-invalid', kind: 'invalid' });
    await expect(feed.opened).rejects.toBeInstanceOf(DomainError);
    expect([call.cancelled, done]).toEqual([true, [feed]]);
  });

  it('ends every client’s stream when the service ends it', async () => {
    const { call, feed } = feedOf();
    feed.hold();
    call.data({ opened: { after: '-1' } });
    await feed.opened;
    const clients = [channel(), channel()];
    for (const c of clients) feed.join(asChannel(c));
    call.emit('error', { code: status.UNAVAILABLE, details: 'Connection dropped' });
    expect(clients.map((c) => c.ended)).toEqual(['unavailable', 'unavailable']);
    expect(feed.ended).toBe(true);
  });

  it('ends every client’s stream when the service ends it CANCELLED, not only when the gateway cancelled it', async () => {
    const { call, feed, done } = feedOf();
    feed.hold();
    call.data({ opened: { after: '-1' } });
    await feed.opened;
    const clients = [channel(), channel()];
    for (const c of clients) feed.join(asChannel(c));
    // the service's own CANCELLED (a stream it stopped), its status alone: the end event is not waited for
    call.emit('error', { code: status.CANCELLED, details: 'Cancelled on server' });
    expect(clients.map((c) => c.ended)).toEqual(['unavailable', 'unavailable']);
    expect([feed.ended, call.cancelled, done]).toEqual([true, true, [feed]]);
  });

  it('ends a client that joins a stream the service ended after it opened, before the client’s turn', async () => {
    const { call, feed } = feedOf();
    feed.hold();
    call.data({ opened: { after: '3' } });
    call.emit('end'); // before the waiting client resumes
    await feed.opened;
    const late = channel();
    feed.join(asChannel(late));
    expect(late.ended).toBe('unavailable');
  });
});
