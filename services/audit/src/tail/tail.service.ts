import { type TailRequestJson } from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { type Logger } from 'pino';
import { assertAuditReader } from '../proofs/proofs.service';
import { tailEntry } from './tail-entry';
import { type TailHub } from './tail-hub';
import { streamInvalid, tailStartOf } from './tail-request';
import { type TailOutput, TailStream } from './tail-stream';
import { tailFallbacks } from './tail.metrics';
import { type TailSource } from './tail.repository';

export interface TailSettings {
  /** live entries a stream may hold that its caller has not taken; past it, it reads the log in pages again */
  bound: number;
  /** entries a catch-up reads at a time */
  pageSize: number;
}

/**
 * Opens a caller's tail of the log: checks who asks and what for, joins the hub, says where the
 * stream starts, catches up from there in pages (its own reads, filtered in the query, each once
 * the last page is sent), then takes the hub's live entries; a stream that falls behind them by more
 * than its bound catches up again.
 */
export class TailService {
  constructor(
    private readonly hub: TailHub,
    private readonly source: TailSource,
    private readonly settings: TailSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * The stream for `caller`, writing to `output`: it is open (its first message sent) when this
   * resolves. A refusal rejects it, before anything is sent.
   */
  async open(caller: Caller, request: TailRequestJson, output: TailOutput): Promise<TailStream> {
    assertAuditReader(caller);
    const start = tailStartOf(request);
    const stream = new TailStream(start.filter, this.settings.bound, output, {
      behind: (behind) => {
        tailFallbacks.inc();
        void this.catchUp(behind, output);
      },
      closed: (closed) => this.hub.leave(closed),
    });
    try {
      const last = await this.hub.join(stream);
      const after = start.after ?? last;
      if (after > last) {
        // the hub may not have read the newest entries yet: the log itself says where it ends
        const end = await this.source.lastPosition();
        if (after > end) {
          throw streamInvalid([
            { field: 'after', rule: 'within-log', message: `after ${after} is past the log's last position, ${end}` },
          ]);
        }
      }
      stream.open(after);
    } catch (error) {
      stream.close();
      throw error;
    }
    void this.catchUp(stream, output);
    return stream;
  }

  /** Reads the log after the stream's position up to the hub's, a page once the last is sent, then goes live. */
  private async catchUp(stream: TailStream, output: TailOutput): Promise<void> {
    try {
      for (;;) {
        await stream.emptied();
        const upto = this.hub.lastPosition;
        if (stream.closed || upto === undefined) return;
        if (stream.position >= upto) {
          stream.goLive(); // in the same turn as reading upto: the hub hands it everything after
          return;
        }
        const page = this.settings.pageSize;
        const rows = await this.source.after(stream.position, page, { upto, filter: stream.filter });
        const through = rows.length < page ? upto : Number(rows[rows.length - 1]?.position);
        stream.caughtUp(rows.map(tailEntry), through);
      }
    } catch (error) {
      // the caller reconnects after the last position it got
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'audit: tail catch-up failed');
      stream.close();
      output.fail(error);
    }
  }
}
