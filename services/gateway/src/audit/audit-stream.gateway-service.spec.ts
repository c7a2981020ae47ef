import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { status } from '@grpc/grpc-js';
import { type TailRequestJson, type TailResponseJson } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';
import { type Request, type Response } from 'express';
import { type GatewayCaller } from '../auth/gateway-caller';
import { type GatewayConfig } from '../config/gateway.config';
import { type AuditClient } from '../grpc/audit.client';
import { AuditStreamGatewayService } from './audit-stream.gateway-service';
import { streamStartOf } from './audit-stream.request';

/** The audit service's Tail stream as the gateway reads it; cancelled, it fails CANCELLED, as grpc-js's does. */
class FakeCall extends EventEmitter {
  cancelled = false;
  constructor(readonly request: TailRequestJson) {
    super();
  }
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.emit('error', { code: status.CANCELLED, details: 'Cancelled on client' });
  }
  data(message: TailResponseJson): void {
    this.emit('data', message);
  }
}

/** An HTTP response in memory: what was written, the status and headers set. */
class FakeResponse extends Writable {
  text = '';
  statusCode = 0;
  readonly headers: Record<string, string> = {};
  constructor() {
    super({ decodeStrings: false });
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  flushHeaders(): void {}
}

const caller: GatewayCaller = { subject: 'a', role: 'auditor', parks: [], funds: [], policies: [] };
const config = {
  AUDIT_STREAM_BUFFER_BYTES: 1 << 20,
  AUDIT_STREAM_HEARTBEAT_SECONDS: 60,
  AUDIT_STREAM_MAX_PER_CALLER: 4,
} as GatewayConfig;
const entry = (position: number) => ({
  position: String(position),
  eventType: 'parkledger.park.registered.v1',
  aggregateType: 'park',
  aggregateId: 'p',
  aggregateVersion: '1',
  payloadJson: '{}',
});
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the live tail in the gateway', () => {
  let calls: FakeCall[];
  let service: AuditStreamGatewayService;
  const responses: FakeResponse[] = [];

  beforeEach(() => {
    calls = [];
    const audit = {
      tail: (_: GatewayCaller, request: TailRequestJson) => {
        const call = new FakeCall(request);
        calls.push(call);
        return call;
      },
    } as unknown as AuditClient;
    service = new AuditStreamGatewayService(audit, config);
  });
  afterEach(() => {
    for (const response of responses.splice(0)) response.destroy();
  });

  /** A client opening the stream with this query and Last-Event-ID; the call it waits on answers `opened`. */
  const client = (query: Record<string, unknown>, lastEventId?: string, as = caller) => {
    const response = new FakeResponse();
    responses.push(response);
    const opening = service.stream(
      as,
      streamStartOf(query, lastEventId),
      { method: 'GET' } as Request,
      response as unknown as Response,
      undefined,
    );
    return { response, opening };
  };

  it('shares one stream of the audit service among clients from the log’s end with the same filter', async () => {
    const first = client({});
    calls[0]?.data({ opened: { after: '9' } });
    await first.opening;
    calls[0]?.data({ entries: [entry(10)] });
    const second = client({});
    await second.opening;
    const parks = client({ aggregateType: 'park' });
    const resumed = client({}, '3');
    expect(calls.map((c) => c.request)).toEqual([
      { type: [] },
      { type: [], aggregateType: 'park' },
      { type: [], after: '3' },
    ]);
    calls[0]?.data({ entries: [entry(11)] });
    await turn();
    expect(first.response.text).toContain('after position 9');
    expect(second.response.text).toContain('after position 10');
    expect(first.response.text.match(/^id: \d+$/gm)).toEqual(['id: 9', 'id: 10', 'id: 11']);
    expect(second.response.text.match(/^id: \d+$/gm)).toEqual(['id: 10', 'id: 11']);
    expect(first.response.statusCode).toBe(200);
    expect(first.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');

    first.response.destroy(); // one leaves: the stream goes on for the other
    await turn();
    expect(calls[0]?.cancelled).toBe(false);
    second.response.destroy();
    await turn();
    expect(calls[0]?.cancelled).toBe(true);
    // the next client from the log's end opens a stream again
    client({});
    expect(calls).toHaveLength(4);
    // clients that leave before their streams open cancel them, and are answered nothing
    parks.response.destroy();
    resumed.response.destroy();
    await expect(parks.opening).resolves.toBeUndefined();
    await expect(resumed.opening).resolves.toBeUndefined();
    expect([calls[1]?.cancelled, calls[2]?.cancelled, parks.response.text]).toEqual([true, true, '']);
  });

  it('answers the audit service’s refusal before anything is written, naming the field the client gave', async () => {
    const refused = client({}, '99');
    const problem = {
      title: 'invalid',
      status: 422,
      code: 'audit-stream-invalid',
      detail: 'after 99 is past the log’s last position, 3',
      errors: [{ field: 'after', rule: 'within-log', message: 'after 99 is past the log’s last position, 3' }],
    };
    calls[0]?.emit('error', { code: status.INVALID_ARGUMENT, details: JSON.stringify(problem) });
    await expect(refused.opening).rejects.toBeInstanceOf(DomainError);
    await expect(refused.opening).rejects.toMatchObject({
      code: 'audit-stream-invalid',
      fields: [{ field: 'Last-Event-ID', rule: 'within-log' }],
    });
    expect(refused.response.text).toBe('');
  });

  it('holds at most AUDIT_STREAM_MAX_PER_CALLER streams open a caller: the one beyond is a 429 naming the rule, and a stream that ends frees its place', async () => {
    const open = [client({}), client({}, '0'), client({ aggregateType: 'park' }), client({}, '1')];
    for (const call of calls) call.data({ opened: { after: '0' } });
    await Promise.all(open.map((o) => o.opening));
    const beyond = client({});
    await expect(beyond.opening).rejects.toBeInstanceOf(DomainError);
    await expect(beyond.opening).rejects.toMatchObject({
      code: 'audit-stream-limit',
      kind: 'rate-limited',
      message: 'a caller may hold at most 4 live tails open at once, and 4 are open: close one first',
      fields: [
        {
          field: 'Authorization',
          rule: 'streams-per-caller',
          message: 'a caller may hold at most 4 live tails open at once, and 4 are open: close one first',
        },
      ],
    });
    expect([calls.length, beyond.response.text]).toEqual([4, '']); // no stream of the audit service opened for it
    // another caller has places of its own
    const other = client({}, undefined, { ...caller, subject: 'b' });
    await expect(other.opening).resolves.toBeUndefined();
    // one leaves: its place is free again, once and no more
    open[0]?.response.destroy();
    await turn();
    const again = client({}, '2');
    calls[calls.length - 1]?.data({ opened: { after: '2' } });
    await expect(again.opening).resolves.toBeUndefined();
    await expect(client({}).opening).rejects.toMatchObject({ code: 'audit-stream-limit' });
  });

  it('frees the place of a stream the audit service refused', async () => {
    for (let n = 0; n < 5; n += 1) {
      const refused = client({}, '99');
      calls[calls.length - 1]?.emit('error', {
        code: status.INVALID_ARGUMENT,
        details: '{"code":"audit-stream-invalid","title":"invalid","status":422,"detail":"no"}',
      });
      await expect(refused.opening).rejects.toMatchObject({ code: 'audit-stream-invalid' });
    }
  });

  it('ends every open stream with its final event when the gateway stops', async () => {
    const open = [client({}), client({}, '0')];
    for (const call of calls) call.data({ opened: { after: '0' } });
    await Promise.all(open.map((o) => o.opening));
    service.beforeApplicationShutdown();
    await turn();
    for (const { response } of open) {
      expect(response.text).toMatch(/event: end\ndata: \{"reason":"unavailable"/);
      expect(response.writableFinished).toBe(true);
    }
    expect(calls.every((call) => call.cancelled)).toBe(true);
  });
});
