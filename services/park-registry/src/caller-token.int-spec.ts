import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { type INestApplication } from '@nestjs/common';
import {
  ListMilestonesRequestSchema,
  ListMilestonesResponseSchema,
  RecordMilestoneRequestSchema,
  RecordMilestoneResponseSchema,
  RegisterEnterpriseRequestSchema,
  RegisterEnterpriseResponseSchema,
  RegisterParkRequestSchema,
  RegisterParkResponseSchema,
} from '@parkledger/contracts';
import { CALLER_TOKEN_HEADER, signCallerToken, type CallerClaims } from '@parkledger/platform';
import { databaseEnv, freePort, freshDatabase, testKafka, type TestDatabase } from '@parkledger/testing';
import { type Pool } from 'pg';
import { loadParkRegistryConfig, SCHEMA } from './config/park-registry.config';
import { runParkRegistry } from './run-park-registry';

const UNAUTHENTICATED = 16;
const INVALID_ARGUMENT = 3;
const FAILED_PRECONDITION = 9; // a conflict
const PERMISSION_DENIED = 7;
const SERVICE = '/parkledger.park_registry.v1.ParkRegistryService';
const REGISTER_PARK = `${SERVICE}/RegisterPark`;

/** Protobuf field 1 (length-delimited) holding the old Caller message: subject = 1, role = 2. */
function forgedCallerField(subject: string, role: string): Buffer {
  const text = (field: number, value: string) => {
    const bytes = Buffer.from(value);
    return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
  };
  const caller = Buffer.concat([text(1, subject), text(2, role)]);
  return Buffer.concat([Buffer.from([(1 << 3) | 2, caller.length]), caller]);
}

const park = (nameEn: string) =>
  Buffer.from(
    toBinary(RegisterParkRequestSchema, create(RegisterParkRequestSchema, { kind: 'park', nameZh: '园', nameEn })),
  );

describe('the park registry believes only a caller token it can verify', () => {
  const keys = generateKeyPairSync('ed25519');
  const otherKeys = generateKeyPairSync('ed25519');
  const admin: CallerClaims = { sub: 'admin-1', role: 'admin', parks: [], funds: [], policies: [] };
  let db: TestDatabase;
  let pool: Pool;
  let app: INestApplication;
  let client: Client;

  beforeAll(async () => {
    db = await freshDatabase('registry_caller_token');
    pool = db.pool(1);
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    const { brokers, topicPrefix } = await testKafka('caller-token');
    const grpcUrl = `127.0.0.1:${await freePort()}`;
    const config = loadParkRegistryConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HTTP_PORT: String(await freePort()),
      GRPC_URL: grpcUrl,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_CLIENT_ID: 'registry-caller-token',
      KAFKA_TOPIC_PREFIX: topicPrefix,
      CALLER_TOKEN_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      ...databaseEnv(db),
    });
    app = await runParkRegistry(config);
    client = new Client(grpcUrl, credentials.createInsecure());
  }, 60_000);

  // closing stops the registry's consumer, which may still be joining its group: seconds, not milliseconds
  afterAll(async () => {
    client.close();
    await app.close();
    await db.drop();
  }, 60_000);

  /** A raw RegisterPark call: the body as bytes, the metadata as given. */
  function registerPark(
    body: Buffer,
    metadata = new Metadata(),
  ): Promise<{ code: number; parkId?: string; replayed?: boolean }> {
    return new Promise((resolve) => {
      let replayed = false;
      const call = client.makeUnaryRequest(
        REGISTER_PARK,
        (request: Buffer) => request,
        (response: Buffer) => response,
        body,
        metadata,
        (error: ServiceError | null, response?: Buffer) => {
          if (error !== null) resolve({ code: error.code });
          else {
            const parkId = fromBinary(RegisterParkResponseSchema, response ?? Buffer.alloc(0)).park?.id;
            resolve({ code: 0, parkId, ...(replayed ? { replayed } : {}) });
          }
        },
      );
      call.on('metadata', (received: Metadata) => {
        replayed = received.get('x-parkledger-replayed')[0] === 'true';
      });
    });
  }

  const withToken = (token: string): Metadata => {
    const metadata = new Metadata();
    metadata.set(CALLER_TOKEN_HEADER, token);
    return metadata;
  };
  const token = (claims: CallerClaims, key: KeyObject = keys.privateKey, now = Date.now()) =>
    signCallerToken(claims, 'park-registry', key, now);

  async function counts(): Promise<{ parks: number; outbox: number; requests: number }> {
    const { rows } = await pool.query<{ parks: number; outbox: number; requests: number }>(
      `SELECT (SELECT count(*)::int FROM ${SCHEMA}.parks) AS parks, (SELECT count(*)::int FROM ${SCHEMA}.outbox) AS outbox,
              (SELECT count(*)::int FROM ${SCHEMA}.processed_requests) AS requests`,
    );
    return rows[0] ?? { parks: -1, outbox: -1, requests: -1 };
  }

  it('refuses a forged admin caller in the body with no metadata, and changes nothing', async () => {
    const before = await counts();
    const forged = Buffer.concat([forgedCallerField('intruder', 'admin'), park('Forged')]);
    expect(await registerPark(forged)).toEqual({ code: UNAUTHENTICATED });
    expect(await counts()).toEqual(before);
  });

  it('refuses a token that expired a second ago', async () => {
    const before = await counts();
    expect(await registerPark(park('Late'), withToken(token(admin, keys.privateKey, Date.now() - 31_000)))).toEqual({
      code: UNAUTHENTICATED,
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a token signed with another key, one for another service, and garbage', async () => {
    const before = await counts();
    expect(await registerPark(park('Other key'), withToken(token(admin, otherKeys.privateKey)))).toEqual({
      code: UNAUTHENTICATED,
    });
    const forPipeline = signCallerToken(admin, 'project-pipeline', keys.privateKey);
    expect(await registerPark(park('Other audience'), withToken(forPipeline))).toEqual({ code: UNAUTHENTICATED });
    expect(await registerPark(park('Garbage'), withToken('not.a.token'))).toEqual({ code: UNAUTHENTICATED });
    expect(await counts()).toEqual(before);
  });

  it('takes the caller from a valid token, never from the body', async () => {
    const before = await counts();
    const auditor = withToken(token({ sub: 'aud-1', role: 'auditor', parks: [], funds: [], policies: [] }));
    const forged = Buffer.concat([forgedCallerField('intruder', 'admin'), park('Auditor')]);
    expect((await registerPark(forged, auditor)).code).toBe(7); // PERMISSION_DENIED: an auditor cannot write
    const answer = await registerPark(park('Valid'), withToken(token(admin)));
    expect(answer.code).toBe(0);
    expect(await counts()).toMatchObject({ parks: before.parks + 1, outbox: before.outbox + 1 });
  });

  /** A unary call of `method` with the request and answer as the contracts' messages, or the refusal's code. */
  function unary<I extends DescMessage, O extends DescMessage>(
    method: string,
    [input, output]: readonly [I, O],
    request: MessageInitShape<I>,
    metadata: Metadata,
  ) {
    return new Promise<{ code: number; answer?: ReturnType<typeof fromBinary<O>> }>((resolve) => {
      client.makeUnaryRequest(
        `${SERVICE}/${method}`,
        (message: Buffer) => message,
        (answer: Buffer) => answer,
        Buffer.from(toBinary(input, create(input, request))),
        metadata,
        (error: ServiceError | null, answer?: Buffer) =>
          resolve(
            error !== null ? { code: error.code } : { code: 0, answer: fromBinary(output, answer ?? Buffer.alloc(0)) },
          ),
      );
    });
  }

  it("records and lists an enterprise's milestones over gRPC for the token's role", async () => {
    const registered = await unary(
      'RegisterEnterprise',
      [RegisterEnterpriseRequestSchema, RegisterEnterpriseResponseSchema],
      { name: 'gRPC Pharma', uscc: '914403001922038216' },
      withToken(token(admin)),
    );
    const enterpriseId = registered.answer?.enterprise?.id ?? '';
    const record = [RecordMilestoneRequestSchema, RecordMilestoneResponseSchema] as const;
    const request = {
      enterpriseId,
      kind: 'international-approval',
      achievedOn: '2024-03-01',
      factsJson: '{"agency":"EMA","product":"XZP-3287 tablets"}',
    };
    const officer = withToken(token({ sub: 'po-1', role: 'policy-officer', parks: [], funds: [], policies: [] }));
    const recorded = await unary('RecordMilestone', record, request, officer);
    expect(recorded.answer?.milestone).toMatchObject({
      enterpriseId,
      kind: 'international-approval',
      achievedOn: '2024-03-01',
      factsJson: '{"product":"XZP-3287 tablets","agency":"EMA"}',
    });
    const manager = withToken(token({ sub: 'pm-1', role: 'park-manager', parks: [], funds: [], policies: [] }));
    expect(await unary('RecordMilestone', record, request, manager)).toEqual({ code: PERMISSION_DENIED });
    const unknownFact = { ...request, factsJson: '{"agency":"EMA","product":"x","foo":1}' };
    expect(await unary('RecordMilestone', record, unknownFact, officer)).toEqual({ code: INVALID_ARGUMENT });

    const listed = await unary(
      'ListMilestones',
      [ListMilestonesRequestSchema, ListMilestonesResponseSchema],
      { enterpriseId, kind: 'international-approval' },
      withToken(token({ sub: 'aud-1', role: 'auditor', parks: [], funds: [], policies: [] })),
    );
    expect(listed.answer?.milestones.map((m) => m.id)).toEqual([recorded.answer?.milestone?.id]);
  });

  it('answers a repeated request key with the first answer, and refuses it for another request', async () => {
    const request = { rk: 'request-key-1', rf: 'fingerprint-of-the-first-body' };
    const first = await registerPark(park('Once'), withToken(token({ ...admin, ...request })));
    expect(first.code).toBe(0);
    const after = await counts();
    expect(await registerPark(park('Once'), withToken(token({ ...admin, ...request })))).toEqual({
      ...first,
      replayed: true,
    });
    const reused = withToken(token({ ...admin, rk: request.rk, rf: 'fingerprint-of-another-body' }));
    expect(await registerPark(park('Another'), reused)).toEqual({ code: INVALID_ARGUMENT });
    expect(await counts()).toEqual(after);
  });

  it('keeps no claim for a refused request: its repeat is checked again', async () => {
    const before = await counts();
    const request = { rk: 'request-key-refused', rf: 'fingerprint-refused' };
    const orphan = Buffer.from(
      toBinary(
        RegisterParkRequestSchema,
        create(RegisterParkRequestSchema, {
          kind: 'park',
          nameZh: '园',
          nameEn: 'Orphan',
          parentId: '01900000-0000-7000-8000-0000000000ff',
        }),
      ),
    );
    expect(await registerPark(orphan, withToken(token({ ...admin, ...request })))).toEqual({ code: INVALID_ARGUMENT });
    expect(await counts()).toEqual(before);
    expect(await registerPark(orphan, withToken(token({ ...admin, ...request })))).toEqual({ code: INVALID_ARGUMENT });
  });

  it('makes a repeat wait while the first holds the key, then tells it to retry; the key is not stranded', async () => {
    const request = { rk: 'request-key-held', rf: 'fingerprint-held' };
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO ${SCHEMA}.processed_requests (request_id, fingerprint, response) VALUES ($1, $2, 'null')`,
        [request.rk, request.rf],
      );
      const started = Date.now();
      expect(await registerPark(park('Held'), withToken(token({ ...admin, ...request })))).toEqual({
        code: FAILED_PRECONDITION,
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect((await registerPark(park('Held'), withToken(token({ ...admin, ...request })))).code).toBe(0);
  }, 20_000);

  it('lets a keyed write wait on a row longer than a repeat waits for its key: the claim’s lock timeout ends with the claim', async () => {
    const registered = await unary(
      'RegisterEnterprise',
      [RegisterEnterpriseRequestSchema, RegisterEnterpriseResponseSchema],
      { name: 'Locked Pharma', uscc: '91370100163052963U' },
      withToken(token(admin)),
    );
    const enterpriseId = registered.answer?.enterprise?.id ?? '';
    const holder = await pool.connect();
    let released = false;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${SCHEMA}.enterprises WHERE id = $1 FOR UPDATE`, [enterpriseId]);
      const started = Date.now();
      const recording = unary(
        'RecordMilestone',
        [RecordMilestoneRequestSchema, RecordMilestoneResponseSchema],
        { enterpriseId, kind: 'cnas-accreditation', achievedOn: '2024-03-01', factsJson: '{}' },
        withToken(token({ ...admin, rk: 'request-key-long-wait', rf: 'fingerprint-long-wait' })),
      );
      await new Promise((resolve) => setTimeout(resolve, 6_000)); // past the claim's 5 s
      await holder.query('COMMIT');
      released = true;
      expect((await recording).code).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    } finally {
      if (!released) await holder.query('ROLLBACK');
      holder.release();
    }
  }, 30_000);
});
