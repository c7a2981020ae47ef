import { type TailEntryJson } from '@parkledger/contracts';
import { detached } from '@parkledger/platform';
import { type Logger } from 'pino';
import { tailEntry } from './tail-entry';
import { type TailStream } from './tail-stream';
import { tailReads, tailStreams } from './tail.metrics';
import { type TailSource } from './tail.repository';

export interface TailHubOptions {
  /** how often the log is read for new entries when no ingest in this process said so */
  pollMs: number;
  /** entries a read takes at a time */
  pageSize: number;
  logger: Logger;
}

/**
 * The one reader, per process, of newly logged entries, for every open tail. Woken by the ingest
 * of this process once it commits (`logged()`), and by a poll for what another replica logs; it
 * reads the entries after the last it read, in pages, renders each once and hands every stream
 * the same entries. However many streams are open, a batch logged is read once; it reads nothing
 * while none is.
 */
export class TailHub {
  private readonly streams = new Set<TailStream>();
  /** the last position handed out; undefined while no stream is open */
  private last: number | undefined;
  private starting: Promise<number> | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: TailSource,
    private readonly options: TailHubOptions,
  ) {}

  /** The last position handed to the live streams: a catch-up reads up to it, then goes live. */
  get lastPosition(): number | undefined {
    return this.last;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** The ingest committed new entries. */
  logged(): void {
    if (this.streams.size > 0) this.read();
  }

  /**
   * Adds a stream (which takes live entries once its catch-up is done); answers the last position
   * handed out, what follows it being what the stream will be handed.
   */
  async join(stream: TailStream): Promise<number> {
    // an idle hub starts where the log ends now, not where it ended when its last stream closed
    let last = this.last;
    if (last === undefined) {
      this.starting ??= this.source.lastPosition().finally(() => {
        this.starting = undefined;
      });
      const end = await this.starting;
      last = this.last ??= end;
    }
    this.streams.add(stream);
    tailStreams.set(this.streams.size);
    // every stream's, not the first caller's: its reads and logs run outside that call's context
    this.timer ??= detached(() => setInterval(() => this.read(), this.options.pollMs));
    return last;
  }

  leave(stream: TailStream): void {
    if (!this.streams.delete(stream)) return;
    tailStreams.set(this.streams.size);
    if (this.streams.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.last = undefined;
  }

  /** Ends every stream (the service stops). */
  stop(): void {
    for (const stream of [...this.streams]) stream.close(true);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One read at a time; a wake during one reads again after it. */
  private read(): void {
    if (this.reading !== undefined) {
      this.again = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error: unknown) => {
        // the streams stay open: the next wake or poll reads again
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'audit: tail read failed',
        );
      })
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.read();
        }
      });
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const from = this.last;
      if (from === undefined || this.streams.size === 0) return;
      const rows = await this.source.after(from, this.options.pageSize);
      tailReads.inc();
      // the hub went idle and started again meanwhile: what was read may be before its new start
      if (this.last !== from || rows.length === 0) return;
      const entries: TailEntryJson[] = rows.map(tailEntry);
      this.last = Number(rows[rows.length - 1]?.position);
      for (const stream of [...this.streams]) stream.logged(entries); // a stream cut leaves meanwhile
      if (rows.length < this.options.pageSize) return;
    }
  }
}
