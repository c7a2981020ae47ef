import { type ServerResponse } from 'node:http';

/** The longest a Node timer waits; a token lives a day at most (JWT_MAX_LIFETIME_SECONDS). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a live tail ended on the server's side: said in its final event. */
export type StreamEnd = 'overflow' | 'token-expired' | 'unavailable';

export interface SseChannelOptions {
  /** what the client may leave unread in this process (bytes the socket did not take); past it, the end */
  bufferBytes: number;
  heartbeatMs: number;
  /** how long an ended stream's last bytes may wait for the client before its connection is dropped */
  flushGraceMs: number;
  /** when the caller's token expires (ms since the epoch): the stream ends then */
  expiresAt?: number;
}

/** The HTTP response as the channel writes it, corked a turn at a time (a Writable is one). */
export interface SseResponse {
  write(chunk: string | Buffer): boolean;
  end(): void;
  destroy(): void;
  cork(): void;
  uncork(): void;
  once(event: 'finish', listener: () => void): unknown;
  /** bytes written that the connection has not yet handed to the kernel */
  readonly writableLength: number;
}

/**
 * An HTTP response for a channel, corked at its socket: ServerResponse's own cork keeps chunked
 * writes in a buffer that its end() writes after the last chunk (seen on Node 24.21), so a stream's
 * final event would come after the response's end.
 */
export function sseResponseOf(response: ServerResponse): SseResponse {
  return {
    write: (chunk) => response.write(chunk),
    end: () => response.end(),
    destroy: () => response.destroy(),
    cork: () => response.socket?.cork(),
    uncork: () => response.socket?.uncork(),
    once: (event, listener) => response.once(event, listener),
    get writableLength() {
      return response.writableLength;
    },
  };
}

/** An event as it goes on the wire: the fields of text/event-stream, the data one line of JSON. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * One client's text/event-stream. Writes made before the event loop next checks go out together
 * (corked until setImmediate: what came in one read of every socket, one write to this one); after
 * each flush the bytes the kernel's socket buffer did not take are what the client holds in this
 * process, and
 * past `bufferBytes` the stream ends: a final `end` event (reason `overflow`, with the last event id
 * written, to resume with Last-Event-ID), then the response ends, and a client that still reads
 * nothing for `flushGraceMs` has its connection dropped. A client that reads too slowly never holds
 * more than the bound, one turn's writes and the final event. Comments every `heartbeatMs` keep
 * proxies from closing a quiet stream; the stream ends when the caller's token expires.
 */
export class SseChannel {
  private lastId: string | undefined;
  private ended = false;
  private corked = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly expiry: NodeJS.Timeout | undefined;
  private drop: NodeJS.Timeout | undefined;

  constructor(
    private readonly response: SseResponse,
    private readonly options: SseChannelOptions,
    /** told once when the stream ends on this side (not when the client leaves) */
    private readonly onEnd: (reason: StreamEnd) => void,
  ) {
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs);
    this.expiry =
      options.expiresAt === undefined
        ? undefined
        : setTimeout(
            () => this.end('token-expired', 'the bearer token expired: reconnect with a fresh one and Last-Event-ID'),
            Math.min(MAX_TIMER_MS, Math.max(0, options.expiresAt - Date.now())),
          );
  }

  /** The id of the last event written, what a client resumes after (undefined: none yet). */
  get lastEventId(): string | undefined {
    return this.lastId;
  }

  get open(): boolean {
    return !this.ended;
  }

  /** A comment, for a person reading the stream; clients skip it. */
  comment(text: string): void {
    this.write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /**
   * Where the stream starts, as an id field alone: a client's Last-Event-ID is then set before any
   * event reaches it (the field sets it; no event is dispatched without data), so a stream that ends
   * before its first entry resumes from where it began, not from the log's new end. Before the
   * first entry (-1) there is no id to give: a stream asked `from=0` reconnects to the same address
   * and starts there again; a stream from the end of a log still empty resumes at its new end.
   */
  startAfter(position: string): void {
    if (position.startsWith('-')) return;
    this.write(`id: ${position}\n\n`);
    this.lastId = position;
  }

  /** Events that came together, as `sseText` wrote them once for every client: `lastId` the last one's id. */
  send(text: string | Buffer, lastId: string | undefined): void {
    if (this.ended) return;
    this.write(text);
    if (lastId !== undefined) this.lastId = lastId;
  }

  /** Ends the stream with a final `end` event saying why and where to resume. */
  end(reason: StreamEnd, detail: string): void {
    if (this.ended) return;
    const data = JSON.stringify({ reason, lastEventId: this.lastId ?? null, detail });
    this.write(`event: end\ndata: ${data}\n\n`);
    this.ended = true;
    this.stopTimers();
    this.response.end();
    // the client has the grace to read what is left; one that reads nothing is dropped
    this.drop = setTimeout(() => this.response.destroy(), this.options.flushGraceMs);
    this.response.once('finish', () => clearTimeout(this.drop));
    this.onEnd(reason);
  }

  /** The client went away: nothing more to write. */
  close(): void {
    this.ended = true;
    this.stopTimers();
    clearTimeout(this.drop);
  }

  private write(chunk: string | Buffer): void {
    if (this.ended) return;
    if (!this.corked) {
      this.corked = true;
      this.response.cork();
      setImmediate(() => this.flush());
    }
    this.response.write(chunk);
  }

  /** The turn's writes go to the socket; what it did not take counts against the bound. */
  private flush(): void {
    this.corked = false;
    this.response.uncork();
    if (!this.ended && this.response.writableLength > this.options.bufferBytes) {
      this.end(
        'overflow',
        `the client read too slowly: more than ${this.options.bufferBytes} bytes waited for it; ${
          this.lastId === undefined
            ? 'no event was sent yet: reconnect as before'
            : `reconnect with Last-Event-ID: ${this.lastId}`
        }`,
      );
    }
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
  }
}

/** Events as text/event-stream, each with its id, name and data (a line break in it goes as another data line). */
export function sseText(events: readonly SseEvent[]): string {
  let text = '';
  for (const event of events) {
    const id = event.id === undefined ? '' : `id: ${event.id}\n`;
    // JSON has no line breaks, but a line break would end the event: each line goes as a data line
    const data = /[\r\n]/.test(event.data) ? event.data.split(/\r\n|\r|\n/).join('\ndata: ') : event.data;
    text += `${id}event: ${event.event}\ndata: ${data}\n\n`;
  }
  return text;
}
