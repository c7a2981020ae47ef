import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { type Request, type Response } from 'express';
import { type GatewayCaller } from '../auth/gateway-caller';
import { type GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/tokens';
import { type AuditClient } from '../grpc/audit.client';
import { AUDIT_CLIENT } from '../grpc/clients.tokens';
import { asAsked, type StreamStart, streamLimitReached } from './audit-stream.request';
import { streamClients, streamEnds } from './audit-stream.metrics';
import { SseChannel, sseResponseOf } from './sse-channel';
import { TailFeed } from './tail-feed';

/** How long a stream ended on this side keeps its connection for a client to read its last bytes. */
const FLUSH_GRACE_MS = 10_000;

/**
 * The audit log's live tail as text/event-stream. A client that resumes or starts at a position has
 * a Tail stream of the audit service of its own (its catch-up is its own); clients that start at
 * the log's end with the same filter share one, each told the position it joined after: every
 * reader of the log reads all of it, so whose token opened the shared stream changes nothing, and
 * an entry goes once from the audit service and is written as text once, whatever the clients.
 * A caller (a token's subject) holds at most AUDIT_STREAM_MAX_PER_CALLER streams open at once, from
 * its request until its response closes; the one beyond is refused before any stream is opened.
 */
@Injectable()
export class AuditStreamGatewayService implements BeforeApplicationShutdown {
  /** the shared streams from the log's end, by filter */
  private readonly live = new Map<string, TailFeed>();
  /** every client's open stream */
  private readonly open = new Set<SseChannel>();
  /** the streams each caller holds, by subject: asked for and not yet closed */
  private readonly held = new Map<string, number>();

  constructor(
    @Inject(AUDIT_CLIENT) private readonly audit: AuditClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Opens `caller`'s tail on `response`. Resolves once it is open (200 and its first comment written)
   * or the client left first; rejects with the audit service's refusal before anything is written.
   */
  async stream(
    caller: GatewayCaller,
    start: StreamStart,
    request: Request,
    response: Response,
    expiresAt: number | undefined,
  ): Promise<void> {
    const release = this.take(caller);
    response.once('close', release);
    let feed: TailFeed;
    try {
      feed = this.feedFor(caller, start);
    } catch (error) {
      release();
      throw error;
    }
    feed.hold();
    // the client's part in the feed: held from now until it leaves, its channel once it is open
    const client: { held: boolean; channel?: SseChannel } = { held: true };
    const leave = () => {
      if (client.channel !== undefined) feed.leave(client.channel);
      if (client.held) feed.release();
      client.held = false;
    };
    response.once('close', () => {
      // the client went away, or the response ended: either way it no longer holds the feed
      if (client.channel !== undefined) {
        client.channel.close();
        this.open.delete(client.channel);
        streamClients.dec();
      }
      leave();
    });
    try {
      await feed.opened;
    } catch (error) {
      const left = !client.held;
      leave();
      release();
      if (left) return; // the client left while it opened (its leaving cancelled the stream): nobody to answer
      throw error instanceof DomainError ? asAsked(error as DomainError<string>, start) : error;
    }
    if (!client.held || response.destroyed) return; // the client left while it opened
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.setHeader('x-accel-buffering', 'no'); // nginx: pass each event on as it comes
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    response.flushHeaders();
    const channel = new SseChannel(
      sseResponseOf(response),
      {
        bufferBytes: this.config.AUDIT_STREAM_BUFFER_BYTES,
        heartbeatMs: this.config.AUDIT_STREAM_HEARTBEAT_SECONDS * 1000,
        flushGraceMs: FLUSH_GRACE_MS,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      },
      (reason) => {
        streamEnds.inc({ reason });
        leave();
      },
    );
    client.channel = channel;
    this.open.add(channel);
    streamClients.inc();
    channel.comment(`the audit log’s entries after position ${feed.position}, then each as it is logged`);
    channel.startAfter(feed.position);
    feed.join(channel);
  }

  /**
   * The gateway stops: every stream ends with its final event, so the server can close (it waits
   * for the responses it has open) and each client reconnects with Last-Event-ID to another.
   */
  beforeApplicationShutdown(): void {
    for (const channel of [...this.open]) {
      channel.end('unavailable', 'the gateway is stopping: reconnect with Last-Event-ID');
    }
  }

  /** One more stream for `caller`, or a 429 past its cap; the function frees its place (once). */
  private take(caller: GatewayCaller): () => void {
    const max = this.config.AUDIT_STREAM_MAX_PER_CALLER;
    const count = this.held.get(caller.subject) ?? 0;
    if (count >= max) throw streamLimitReached(max);
    this.held.set(caller.subject, count + 1);
    let taken = true;
    return () => {
      if (!taken) return;
      taken = false;
      const left = (this.held.get(caller.subject) ?? 1) - 1;
      if (left > 0) this.held.set(caller.subject, left);
      else this.held.delete(caller.subject);
    };
  }

  /** The shared stream from the log's end for this filter, or a stream of the client's own. */
  private feedFor(caller: GatewayCaller, start: StreamStart): TailFeed {
    if (start.request.after !== undefined) return new TailFeed(this.audit.tail(caller, start.request), () => undefined);
    const { type = [], aggregateType = '', aggregateId = '' } = start.request;
    const key = JSON.stringify([[...type].sort(), aggregateType, aggregateId]);
    const shared = this.live.get(key);
    if (shared !== undefined && !shared.ended) return shared;
    const feed = new TailFeed(this.audit.tail(caller, start.request), (done) => {
      if (this.live.get(key) === done) this.live.delete(key);
    });
    this.live.set(key, feed);
    return feed;
  }
}
