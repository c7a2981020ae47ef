import { type ClientReadableStream, type ServiceError, status } from '@grpc/grpc-js';
import { type TailResponseJson } from '@parkledger/contracts';
import { DomainError, ErrorKind, fromGrpcError } from '@parkledger/platform';
import { streamEventOf } from './audit.views';
import { type SseChannel, sseText } from './sse-channel';

const UNAVAILABLE =
  'the audit log’s stream ended (the audit service went away or stopped): reconnect with Last-Event-ID';

/**
 * One Tail stream of the audit service and the clients it feeds. It is read as fast as it comes (a
 * paused stream would hold back every other on the same HTTP/2 connection); each message's
 * entries are written as text/event-stream once, and that text goes to every client's channel,
 * which bounds what its client may leave unread. It ends (cancelling the stream, which frees it in
 * the audit service) once no client holds it, and ends its clients' streams if the service ends it.
 */
export class TailFeed {
  private readonly channels = new Set<SseChannel>();
  /** where the stream opened; undefined until it does */
  private start: string | undefined;
  /** the last position received, or where the stream opened */
  private last: string | undefined;
  /**
   * what came before the first client joined (the catch-up can follow the opening in one read): it
   * is that client's, who starts where the stream opened
   */
  private backlog: { text: Buffer; last: string }[] | undefined = [];
  private holders = 0;
  private done = false;
  /** resolves once the stream says where it opens; rejects with the service's refusal */
  readonly opened: Promise<void>;

  constructor(
    private readonly call: ClientReadableStream<TailResponseJson>,
    /** told once, when it ends */
    private readonly onDone: (feed: TailFeed) => void,
  ) {
    this.opened = new Promise((resolve, reject) => {
      call.on('data', (message: TailResponseJson) => {
        if (this.last !== undefined) {
          this.entries(message);
          return;
        }
        if (message.opened === undefined) {
          reject(new DomainError('internal', ErrorKind.Internal, 'the audit service’s stream did not open'));
          this.finish();
          return;
        }
        this.start = message.opened.after ?? '0';
        this.last = this.start;
        resolve();
      });
      call.on('error', (error: ServiceError) => {
        if (this.last === undefined) {
          reject(fromGrpcError(error)); // first: finishing cancels the call, which may fail it again
          this.finish();
          return;
        }
        // the feed's own cancel (finish) fails the call CANCELLED once it is done: nothing more to end;
        // a CANCELLED of the service's (it stopped the stream) ends the clients as any other status
        this.endAll();
      });
      call.on('end', () => {
        if (this.last !== undefined) return this.endAll();
        reject(fromGrpcError({ code: status.UNAVAILABLE }));
        this.finish();
      });
    });
    // a refusal is the holders' to answer; one nobody waits on (all left) is no error
    this.opened.catch(() => undefined);
  }

  /** Where a client that joins now starts: the entries after this position come to it. */
  get position(): string {
    return (this.backlog === undefined ? this.last : this.start) ?? '0';
  }

  get ended(): boolean {
    return this.done;
  }

  /** A client holds the feed (from before it opens until it leaves): the stream runs while one does. */
  hold(): void {
    this.holders += 1;
  }

  release(): void {
    this.holders -= 1;
    if (this.holders <= 0) this.finish();
  }

  /** A held client's channel, fed from `position` on. */
  join(channel: SseChannel): void {
    // the stream may have ended between its opening and this client's turn to join: say so
    if (this.done) return channel.end('unavailable', UNAVAILABLE);
    this.channels.add(channel);
    for (const { text, last } of this.backlog ?? []) channel.send(text, last);
    this.backlog = undefined;
  }

  leave(channel: SseChannel): void {
    this.channels.delete(channel);
  }

  private entries(message: TailResponseJson): void {
    const events = (message.entries ?? []).map(streamEventOf);
    const last = events[events.length - 1]?.id;
    if (last === undefined) return;
    this.last = last;
    const text = Buffer.from(sseText(events));
    this.backlog?.push({ text, last });
    for (const channel of this.channels) channel.send(text, last);
  }

  private endAll(): void {
    const channels = [...this.channels];
    this.finish();
    for (const channel of channels) channel.end('unavailable', UNAVAILABLE);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.channels.clear();
    this.backlog = undefined;
    this.call.cancel();
    this.onDone(this);
  }
}
