import { generateKeyPairSync } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { Client, type ClientReadableStream, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { type INestApplication } from '@nestjs/common';
import {
  auditedTopics,
  type TailRequestJson,
  TailRequestSchema,
  type TailResponse,
  TailResponseSchema,
} from '@parkledger/contracts';
import { CALLER_TOKEN_HEADER, signCallerToken, type CallerClaims } from '@parkledger/platform';
import {
  createTestTopics,
  databaseEnv,
  eventually,
  freePort,
  freshDatabase,
  testKafka,
  type TestDatabase,
  type TestKafka,
} from '@parkledger/testing';
import { generateSignerKey } from '@parkledger/tlog';
import { type Producer } from 'kafkajs';
import pino from 'pino';
import { loadAuditConfig, SCHEMA } from '../config/audit.config';
import { AuditIngest } from '../log/audit-ingest';
import { AuditLogRepository, type DeliveredRecord } from '../log/audit-log.repository';
import { runAudit } from '../run-audit';
import { probeRecord, probeRecords } from '../testing/audit-under-test';
import { TailHub } from './tail-hub';
import { TailService } from './tail.service';
import { tailFallbacks, tailReads, tailStreams } from './tail.metrics';
import { TailRepository } from './tail.repository';

const TAIL = '/parkledger.audit.v1.AuditService/Tail';
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
/** a stream may hold this many live entries its caller has not taken */
const BOUND = 20;

const value = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
  (await metric.get()).values[0]?.value ?? 0;

/** One open Tail call and what came on it, in order. */
interface Tail {
  call: ClientReadableStream<TailResponse>;
  messages: TailResponse[];
  positions(): string[];
  ended: Promise<ServiceError | undefined>;
}

describe('the live tail through the audit service’s gRPC edge (real Postgres and Kafka)', () => {
  const keys = generateKeyPairSync('ed25519');
  const auditor: CallerClaims = { sub: 'auditor-1', role: 'auditor', parks: [], funds: [], policies: [] };
  let db: TestDatabase;
  let kafka: TestKafka;
  let producer: Producer;
  let app: INestApplication;
  let client: Client;
  let grpcUrl: string;

  beforeAll(async () => {
    db = await freshDatabase('audit_tail');
    await db.pool(1).query(`CREATE SCHEMA ${SCHEMA}`);
    kafka = await testKafka('audit-tail');
    await createTestTopics(kafka.kafka, auditedTopics(kafka.topicPrefix));
    producer = kafka.kafka.producer();
    await producer.connect();
    grpcUrl = `127.0.0.1:${await freePort()}`;
    app = await runAudit(
      loadAuditConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HTTP_PORT: String(await freePort()),
        GRPC_URL: grpcUrl,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_CLIENT_ID: 'audit-tail',
        KAFKA_TOPIC_PREFIX: kafka.topicPrefix,
        CALLER_TOKEN_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        AUDIT_SIGNING_KEY: generateSignerKey('parkledger.local/audit'),
        AUDIT_TAIL_BUFFER: String(BOUND),
        // no poll while these specs count reads: the ingest's wake is the only one
        AUDIT_TAIL_POLL_MS: '60000',
        ...databaseEnv(db),
      }),
    );
    client = new Client(grpcUrl, credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await producer?.disconnect();
    await app?.close();
    await db?.drop();
  }, 60_000);

  const produce = (records: readonly DeliveredRecord[]) =>
    producer.send({
      topic: `${kafka.topicPrefix}parkledger.probes.v1`,
      messages: records.map((record) => ({ key: 'probe', value: record.value, headers: record.headers })),
    });

  const open = (request: TailRequestJson, claims: CallerClaims = auditor, on = client): Tail => {
    const metadata = new Metadata();
    metadata.set(CALLER_TOKEN_HEADER, signCallerToken(claims, 'audit', keys.privateKey));
    const call = on.makeServerStreamRequest<Buffer, TailResponse>(
      TAIL,
      (request: Buffer) => request,
      (bytes: Buffer) => fromBinary(TailResponseSchema, bytes),
      Buffer.from(
        toBinary(
          TailRequestSchema,
          create(TailRequestSchema, {
            ...request,
            after: request.after === undefined ? undefined : BigInt(request.after),
          }),
        ),
      ),
      metadata,
    );
    const messages: TailResponse[] = [];
    call.on('data', (message: TailResponse) => messages.push(message));
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      call.on('error', (error: ServiceError) => resolve(error));
      call.on('end', () => resolve(undefined));
    });
    return {
      call,
      messages,
      ended,
      positions: () => messages.flatMap((m) => m.entries.map((e) => String(e.position))),
    };
  };
  const openedAt = async (tail: Tail): Promise<string> => {
    await eventually('the stream to open', () => tail.messages.length > 0, 10_000);
    const first = tail.messages[0];
    if (first?.opened === undefined) throw new Error('the stream opened without saying where');
    return String(first.opened.after);
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, n) => String(from + n));

  it('opens at the log’s end and gives every stream each entry as the ingest commits it, reading each batch once', async () => {
    const tails = Array.from({ length: 10 }, () => open({}));
    for (const tail of tails) expect(await openedAt(tail)).toBe('-1');
    const reads = await value(tailReads);
    await produce(probeRecords('p-live', [1, 2, 3, 4, 5]));
    for (const tail of tails) await eventually('five entries', () => tail.positions().length === 5, 30_000);
    for (const tail of tails) expect(tail.positions()).toEqual(range(0, 4));
    const entry = tails[0]?.messages[1]?.entries[0];
    if (entry === undefined) throw new Error('no entry');
    expect(entry).toMatchObject({
      eventType: 'parkledger.probe.emitted.v1',
      aggregateType: 'probe',
      aggregateId: 'p-live',
    });
    expect(JSON.parse(entry.payloadJson)).toEqual({ probeId: 'p-live', sequence: '1', note: 'audit' });
    // one read of the log per batch the ingest committed (and one more after a wake during it), not per stream
    expect((await value(tailReads)) - reads).toBeLessThan(tails.length);

    for (const tail of tails) tail.call.cancel();
    await eventually('every stream closed and left the hub', async () => (await value(tailStreams)) === 0, 10_000);
  }, 60_000);

  it('catches up after a position in pages, filtered by type or aggregate in the read, then goes live without a gap or a repeat', async () => {
    await produce([...probeRecords('p-a', [1, 2, 3]), ...probeRecords('p-b', [1, 2])]); // 5..9
    const whole = open({ after: '-1' });
    await eventually('the log so far', () => whole.positions().length === 10, 30_000);
    const resumed = open({ after: '3' });
    const ofA = open({ after: '-1', aggregateType: 'probe', aggregateId: 'p-a' });
    const ofParks = open({ after: '-1', type: ['parkledger.park.registered.v1'] });
    await produce(probeRecords('p-a', [4])); // 10
    await eventually(
      'the live entry',
      () => resumed.positions().includes('10') && ofA.positions().includes('10'),
      30_000,
    );
    expect(whole.positions()).toEqual(range(0, 10));
    expect(resumed.positions()).toEqual(range(4, 10));
    expect(ofA.positions()).toEqual(['5', '6', '7', '10']);
    expect(ofParks.positions()).toEqual([]);
    for (const tail of [whole, resumed, ofA, ofParks]) tail.call.cancel();
  }, 60_000);

  it('refuses, before anything is sent, a caller who may not read the log and a request it can’t open', async () => {
    const manager = open({}, { ...auditor, role: 'park-manager', parks: ['01a20000-0000-7000-8000-000000000000'] });
    expect((await manager.ended)?.code).toBe(PERMISSION_DENIED);
    const past = open({ after: '999999' });
    const refused = await past.ended;
    expect(refused?.code).toBe(INVALID_ARGUMENT);
    expect(JSON.parse(refused?.details ?? '{}')).toMatchObject({
      status: 422,
      code: 'audit-stream-invalid',
      errors: [{ field: 'after', rule: 'within-log' }],
    });
    const unknown = await open({ type: ['parkledger.park.opened.v1'], aggregateId: 'x' }).ended;
    expect((JSON.parse(unknown?.details ?? '{}') as { errors: unknown }).errors).toEqual([
      expect.objectContaining({ field: 'aggregateId', rule: 'needs-aggregateType' }),
      expect.objectContaining({ field: 'type[0]', rule: 'event-type' }),
    ]);
    expect(manager.messages.length + past.messages.length).toBe(0);
  }, 30_000);

  it('lets a caller that stops reading fall back to reading the log at its pace, holding no more than its bound; nothing is lost', async () => {
    // a connection of its own: a paused stream holds back its HTTP/2 connection's window too (the
    // gateway never pauses one: it reads every stream as it comes and bounds what its client holds)
    const own = new Client(grpcUrl, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
    const slow = open({}, auditor, own);
    const start = Number(await openedAt(slow));
    const steady = open({});
    await openedAt(steady);
    slow.call.pause(); // gRPC's flow control fills, then the stream's own bound
    const fallbacks = await value(tailFallbacks);
    const burst = Array.from({ length: 1500 }, (_, n) => probeRecord('p-burst', n + 1));
    for (let n = 0; n < burst.length; n += 500) await produce(burst.slice(n, n + 500));
    await eventually('the steady stream has the burst', () => steady.positions().length === 1500, 30_000);
    expect(steady.positions()).toEqual(range(start + 1, start + 1500));
    await eventually('the slow stream fell behind', async () => (await value(tailFallbacks)) > fallbacks, 30_000);
    const before = slow.positions().length;
    expect(before).toBeLessThan(1500);

    slow.call.resume();
    await eventually('the slow stream has the burst', () => slow.positions().length === 1500, 30_000);
    expect(slow.positions()).toEqual(range(start + 1, start + 1500)); // in order, none lost, none twice
    await produce(probeRecords('p-after', [1]));
    await eventually('both live again', () => slow.positions().length === 1501 && steady.positions().length === 1501);
    for (const tail of [slow, steady]) tail.call.cancel();
    own.close();
    await eventually('both gone from the hub', async () => (await value(tailStreams)) === 0, 10_000);
  }, 90_000);

  it('finds by its poll what another replica logged without waking it', async () => {
    const pool = db.pool(2, SCHEMA);
    const hub = new TailHub(new TailRepository(pool), {
      pollMs: 100,
      pageSize: 500,
      logger: pino({ level: 'silent' }),
    });
    const tail = new TailService(
      hub,
      new TailRepository(pool),
      { bound: 100, pageSize: 100 },
      pino({ level: 'silent' }),
    );
    const sent: string[] = [];
    try {
      await tail.open(
        { subject: 'a', role: 'auditor', parkScope: [], fundScope: [], policyScope: [] },
        {},
        {
          ready: () => true,
          send: (message) => sent.push(...(message.entries ?? []).map((e) => e.position ?? '')),
          end: () => undefined,
          fail: (error) => {
            throw error;
          },
        },
      );
      const replica = new AuditIngest(new AuditLogRepository());
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { size } = await replica.apply(client, replica.prepare(probeRecords('p-replica', [1, 2])));
        await client.query('COMMIT');
        await eventually('the replica’s entries', () => sent.length === 2, 10_000);
        expect(sent).toEqual([String(size - 2), String(size - 1)]);
      } finally {
        client.release();
      }
    } finally {
      hub.stop();
    }
  }, 30_000);
});
