import { encodeEvent, envelopeHeaders, parseEnvelope } from '@parkledger/contracts';
import { uuidv7 } from '@parkledger/platform';
import { eventually, readTopic } from '@parkledger/testing';
import { leafHash, parseSignerKey, parseVerifierKey, signCheckpoint } from '@parkledger/tlog';
import { verifyAuditLog, type VerifyReport } from '../scripts/audit-verify/verify';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
const ORIGIN = 'parkledger.local/audit';

/** The verifier against a running system, tampered with four ways, one after the other, then with records Kafka dropped. */
describe('npm run audit:verify', () => {
  let system: RunningSystem;
  let parkId: string;
  let fundId: string;

  const verify = (): Promise<VerifyReport> =>
    verifyAuditLog({
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      base: system.base,
      token: auditor,
      key: parseVerifierKey(system.auditKey),
      origin: ORIGIN,
      say: () => undefined,
    });
  const entries = async () =>
    Number((await system.db.pool(1).query<{ n: string }>('SELECT count(*) AS n FROM audit.entries')).rows[0]?.n);
  const signedSize = async () =>
    Number(
      (await system.db.pool(1).query<{ n: string }>('SELECT coalesce(max(size), 0) AS n FROM audit.checkpoints'))
        .rows[0]?.n,
    );
  const naming = (report: VerifyReport, text: string) => report.discrepancies.filter((found) => found.includes(text));
  const produce = async (topic: string, headers: Record<string, string>, value: Uint8Array, key: string) => {
    const producer = system.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${system.topicPrefix}${topic}`,
      messages: [{ key, value: Buffer.from(value), headers }],
    });
    await producer.disconnect();
  };

  beforeAll(async () => {
    system = await startSystem('audit-verify');
    for (const name of ['核验园一', '核验园二', '核验园三']) {
      const { body } = await call<{ id: string }>(system.base, 'POST', '/api/v1/parks', {
        token: admin,
        body: { kind: 'park', nameZh: name, nameEn: name },
      });
      parkId = body.id;
    }
    const fund = await call<{ id: string }>(system.base, 'POST', '/api/v1/funds', {
      token: admin,
      body: {
        nameZh: '核验基金',
        nameEn: 'Verified Fund',
        kind: 'guidance',
        currency: 'CNY',
        manager: 'Verifier',
        vintageOn: '2024-01-01',
      },
    });
    fundId = fund.body.id;
    const partner = await call(system.base, 'POST', `/api/v1/funds/${fundId}/partners`, {
      token: admin,
      body: {
        name: 'Verifier LP',
        kind: 'government',
        role: 'LP',
        commitment: { amount: '1000000.00', currency: 'CNY' },
        effectiveOn: '2024-01-02',
      },
    });
    expect([fund.status, partner.status]).toEqual([201, 201]);
    await eventually('the log to hold and sign the parks and the fund', async () => (await signedSize()) >= 5, 60_000);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('finds an honest log whole: every record, every checkpoint, every chain', async () => {
    const report = await verify();
    expect(report.discrepancies).toEqual([]);
    expect(report.entries).toBeGreaterThanOrEqual(3);
    expect(report.checkpoints).toBeGreaterThan(0);
    expect([report.funds, report.fundEntries]).toEqual([1, 1]);
  }, 60_000);

  it('names a fund event forged at the next version, moving money the ledger never moved', async () => {
    const { body } = await call<{ version: string }>(system.base, 'GET', `/api/v1/funds/${fundId}`, { token: admin });
    const type = 'parkledger.fund.fee-charged.v1';
    const recordedAt = new Date().toISOString();
    const headers = envelopeHeaders({
      id: uuidv7(),
      source: '/parkledger/fund-ledger',
      type,
      time: recordedAt,
      subject: fundId,
      aggregateType: 'fund',
      aggregateVersion: String(Number(body.version) + 1),
    });
    const postings = [
      { account: 'fees', amount: { minorUnits: 100n, currency: 'CNY' } },
      { account: 'cash', amount: { minorUnits: -100n, currency: 'CNY' } },
    ];
    const entry = { id: uuidv7(), fundId, effectiveOn: '2024-02-01', recordedAt, operation: 'fee', postings };
    await produce('parkledger.funds.v1', headers, encodeEvent(type, { entry }), fundId);
    const report = await verify();
    expect(naming(report, `fund ${fundId}`)).toEqual([
      `fund ${fundId} account fees CNY: the stream's postings give 1.00, the ledger has no such account (as known at ${recordedAt})`,
      `fund ${fundId} account cash CNY: the stream's postings give -1.00, the ledger has no such account (as known at ${recordedAt})`,
    ]);
  }, 90_000);

  it('names a forged record produced on a topic with a valid-looking envelope', async () => {
    const before = await entries();
    const headers = envelopeHeaders({
      id: uuidv7(),
      source: '/parkledger/park-registry',
      type: 'parkledger.park.registered.v1',
      time: new Date().toISOString(),
      subject: parkId,
      aggregateType: 'park',
      aggregateVersion: '1',
    });
    const value = encodeEvent('parkledger.park.registered.v1', {
      park: { id: parkId, nameZh: '伪造', nameEn: 'Forged' },
    });
    await produce('parkledger.parks.v1', headers, value, parkId);
    await eventually('the audit to log the forged record', async () => (await entries()) > before);
    const report = await verify();
    expect(naming(report, `park ${parkId} version 1`)).toHaveLength(1);
  }, 90_000);

  it("names a row rewritten in the audit's own database", async () => {
    await system.db.pool(1).query(`
      BEGIN;
      SET LOCAL session_replication_role = 'replica';
      UPDATE audit.entries SET value = '\\x00'::bytea WHERE position = 0;
      COMMIT;`);
    const report = await verify();
    expect(naming(report, "entry 0: the audit log's copy differs from Kafka's record")).toHaveLength(1);
  }, 60_000);

  it('names a rewritten log whose new checkpoint is inconsistent with an old one, holding both', async () => {
    // the operator, key in hand, signs another root for a size it signed before: a rewritten log
    const signer = parseSignerKey(system.auditSigner);
    await eventually('the log to sign all it holds', async () => (await signedSize()) === (await entries()));
    const published = await readTopic(system.kafka, `${system.topicPrefix}parkledger.audit.checkpoints.v1`);
    const last = Math.max(...published.map((record) => Number(parseEnvelope(record.headers).aggregateVersion)));
    const size = await signedSize();
    const root = leafHash(Buffer.from('rewritten'));
    const note = signCheckpoint({ origin: ORIGIN, size, root }, signer);
    const headers = envelopeHeaders({
      id: uuidv7(),
      source: '/parkledger/audit',
      type: 'parkledger.checkpoint.signed.v1',
      time: new Date().toISOString(),
      subject: ORIGIN,
      aggregateType: 'checkpoint',
      aggregateVersion: String(last + 1),
    });
    const value = encodeEvent('parkledger.checkpoint.signed.v1', {
      origin: ORIGIN,
      size: BigInt(size),
      rootHash: root,
      note,
    });
    await produce('parkledger.audit.checkpoints.v1', headers, value, ORIGIN);
    const report = await verify();
    expect(
      naming(report, `checkpoint of ${size} entries: its root is not the root of the tree rebuilt from Kafka`),
    ).toHaveLength(1);
    const inconsistent = naming(report, `checkpoints of ${size} and ${size} entries are inconsistent`);
    expect(inconsistent).toHaveLength(1);
    expect(inconsistent[0]).toContain(root.toString('base64')); // the forged root
    expect(inconsistent[0]?.split('\u2014').length).toBe(3); // both signed notes, as evidence
  }, 60_000);

  it('counts the entries whose records Kafka no longer holds, their copies standing in for them', async () => {
    // retention, played by deleting every record of the parks topic
    const topic = `${system.topicPrefix}parkledger.parks.v1`;
    const admin = system.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.deleteTopicRecords({
        topic,
        partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
      });
    } finally {
      await admin.disconnect();
    }
    const logged = Number(
      (
        await system.db
          .pool(1)
          .query<{ n: string }>('SELECT count(*) AS n FROM audit.entries WHERE topic = $1', [topic])
      ).rows[0]?.n,
    );
    const report = await verify();
    expect(logged).toBeGreaterThanOrEqual(4); // three parks and the forged record
    expect(report.expired).toBe(logged);
    expect(naming(report, 'where Kafka holds no record')).toEqual([]);
    // the copies' envelopes stand in in the chains: the forged version 1 is still named, and no park's versions are missing
    expect(naming(report, `park ${parkId} version 1`)).toHaveLength(1);
    expect(naming(report, 'missing below')).toEqual([]);
  }, 60_000);
});
