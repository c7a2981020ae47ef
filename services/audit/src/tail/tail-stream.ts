import { type TailEntryJson, type TailResponseJson } from '@parkledger/contracts';
import { matches, type TailFilter } from './tail-request';

/** Where a stream's messages go: the gRPC call, whose own buffer says when to wait. */
export interface TailOutput {
  /** false while the transport's buffer is full; the stream is told `drained()` when it empties */
  ready(): boolean;
  send(message: TailResponseJson): void;
  /** the stream is over: complete the call */
  end(): void;
  /** the stream failed: end the call with the error */
  fail(error: unknown): void;
}

/** What a stream tells the service that drives it. */
export interface TailStreamEvents {
  /** it fell more than its bound behind the live entries: read the log again after `position` */
  behind(stream: TailStream): void;
  /** it closed, for any reason; told once */
  closed(stream: TailStream): void;
}

type State = 'opening' | 'catching-up' | 'live' | 'closed';

/**
 * A message holds the entries that wait, up to these: one message for what came together costs the
 * call and its framing once, and stays well under gRPC's 4 MiB message limit (an entry's event is at
 * most Kafka's 1 MB record, as JSON).
 */
const MAX_BATCH_ENTRIES = 500;
const MAX_BATCH_BYTES = 1024 * 1024;
/** an entry's bytes besides its event's JSON, near enough */
const ENTRY_OVERHEAD_BYTES = 400;

/**
 * One caller's tail, between the log and its output. It holds at most `bound` entries the output
 * has not taken (and a page while it hands it on). A catch-up reads its next page only once the last
 * is sent, at the caller's pace. Live entries come as they are logged, whatever the caller's pace:
 * when more than the bound wait, the stream drops them (they are in the log) and goes back to
 * reading the log in pages after the last position it sent, so a caller that reads slowly, or a
 * burst larger than the bound, costs the service the bound at most and loses nothing. Entries that
 * wait together go out in one message. Plain logic: the service drives it.
 */
export class TailStream {
  private readonly queue: TailEntryJson[] = [];
  private state: State = 'opening';
  /** the last position considered, sent or filtered out */
  private cursor = -1;
  /** the last position sent; the stream's start until one is */
  private sent = -1;
  private waiting: (() => void) | undefined;

  constructor(
    readonly filter: TailFilter,
    private readonly bound: number,
    private readonly output: TailOutput,
    private readonly events: TailStreamEvents,
  ) {}

  /** The last position considered: a catch-up reads after it. */
  get position(): number {
    return this.cursor;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  get live(): boolean {
    return this.state === 'live';
  }

  /** Says where the stream starts (entries after `after` follow) and begins its catch-up. */
  open(after: number): void {
    if (this.state !== 'opening') return;
    this.cursor = after;
    this.sent = after;
    this.state = 'catching-up';
    this.output.send({ opened: { after: String(after) } });
  }

  /** A page of the catch-up (entries the filter let through) that read the log up to `through`. */
  caughtUp(entries: readonly TailEntryJson[], through: number): void {
    if (this.state !== 'catching-up') return;
    this.queue.push(...entries);
    this.cursor = Math.max(this.cursor, through);
    this.pump();
  }

  /** The catch-up reached the live entries: from now on the stream takes them as they are logged. */
  goLive(): void {
    if (this.state === 'catching-up') this.state = 'live';
  }

  /** Entries newly logged, every one in order: those after the cursor that the filter lets through are queued. */
  logged(entries: readonly TailEntryJson[]): void {
    if (this.state !== 'live') return;
    for (const entry of entries) {
      const position = Number(entry.position ?? '0');
      if (position <= this.cursor) continue;
      this.cursor = position;
      if (matches(this.filter, entry)) this.queue.push(entry);
    }
    this.pump();
    if (this.queue.length > this.bound) this.fallBehind();
  }

  /** The output took what it held: send what waits. */
  drained(): void {
    this.pump();
  }

  /** Resolves once every queued entry is sent (a catch-up reads its next page then), or the stream closed. */
  emptied(): Promise<void> {
    if (this.queue.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** The caller went away, the stream failed, or the service stops (`end`: complete the call). */
  close(end = false): void {
    if (this.closed) return;
    this.state = 'closed';
    this.queue.length = 0;
    if (end) this.output.end();
    this.wake();
    this.events.closed(this);
  }

  /** Sends what waits while the output has room, as many entries a message as fit in a batch. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed && this.output.ready()) {
      let count = 0;
      let bytes = 0;
      while (count < this.queue.length && count < MAX_BATCH_ENTRIES && (count === 0 || bytes < MAX_BATCH_BYTES)) {
        bytes += (this.queue[count]?.payloadJson?.length ?? 0) + ENTRY_OVERHEAD_BYTES;
        count += 1;
      }
      const entries = this.queue.splice(0, count);
      this.output.send({ entries });
      this.sent = Number(entries[entries.length - 1]?.position ?? '0');
    }
    if (this.queue.length === 0) this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  private fallBehind(): void {
    this.queue.length = 0;
    this.cursor = this.sent;
    this.state = 'catching-up';
    this.events.behind(this);
  }
}
