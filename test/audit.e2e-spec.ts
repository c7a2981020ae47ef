import { parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import {
  entryLeaf,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
} from '@parkledger/tlog';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface CheckpointView {
  sequence: string;
  size: string;
  rootHash: string;
  note: string;
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
const ORIGIN = 'parkledger.local/audit';
const b64 = (text: string) => Buffer.from(text, 'base64');

describe('the audit log through the gateway', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('audit');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const registerPark = (name: string) =>
    call(system.base, 'POST', '/api/v1/parks', { token: admin, body: { kind: 'park', nameZh: name, nameEn: name } });
  /** The latest checkpoint, once it holds at least `size` entries, opened with the system's key. */
  const checkpointOf = async (size: number): Promise<{ view: CheckpointView; opened: Checkpoint }> => {
    let latest: CheckpointView | undefined;
    await eventually(`a checkpoint of ${size} entries or more`, async () => {
      const { body } = await call<{ items: CheckpointView[] }>(system.base, 'GET', '/api/v1/audit/checkpoints', {
        token: auditor,
      });
      latest = body.items[0];
      return latest !== undefined && Number(latest.size) >= size;
    });
    if (latest === undefined) throw new Error('no checkpoint');
    return { view: latest, opened: openCheckpoint(latest.note, parseVerifierKey(system.auditKey), ORIGIN) };
  };

  it('signs checkpoints of every event, proves each on Kafka is in the tree, and each checkpoint extends the last', async () => {
    for (const name of ['审计园一', '审计园二', '审计园三']) expect((await registerPark(name)).status).toBe(201);
    const first = await checkpointOf(3);
    expect(first.opened.root.toString('base64')).toBe(first.view.rootHash);

    // every record on the parks topic is an entry of the log: its leaf, proven in the signed tree
    const records = await readTopic(system.kafka, `${system.topicPrefix}parkledger.parks.v1`);
    const leaves = new Set(records.map((record) => entryLeaf(record).toString('base64')));
    const size = first.opened.size;
    let proven = 0;
    for (let position = 0; position < size; position += 1) {
      const proof = await call<{ leafHash: string; hashes: string[]; treeSize: string }>(
        system.base,
        'GET',
        `/api/v1/audit/proofs/inclusion?position=${position}&treeSize=${size}`,
        { token: auditor },
      );
      expect(proof.status).toBe(200);
      const failure = verifyInclusion(
        b64(proof.body.leafHash),
        position,
        size,
        proof.body.hashes.map(b64),
        first.opened.root,
      );
      expect(failure).toBeUndefined();
      if (leaves.has(proof.body.leafHash)) proven += 1;
    }
    expect(proven).toBe(records.length);

    // more events, a later checkpoint, and the proof that it extends the first
    expect((await registerPark('审计园四')).status).toBe(201);
    const second = await checkpointOf(size + 1);
    const consistency = await call<{ hashes: string[] }>(
      system.base,
      'GET',
      `/api/v1/audit/proofs/consistency?fromSize=${size}&toSize=${second.opened.size}`,
      { token: auditor },
    );
    expect(consistency.status).toBe(200);
    expect(
      verifyConsistency(
        size,
        second.opened.size,
        first.opened.root,
        second.opened.root,
        consistency.body.hashes.map(b64),
      ),
    ).toBeUndefined();

    // and each checkpoint is on Kafka too, as a CloudEvent
    const published = await readTopic(system.kafka, `${system.topicPrefix}parkledger.audit.checkpoints.v1`);
    expect(published.map((record) => parseEnvelope(record.headers).type)).toContain('parkledger.checkpoint.signed.v1');
  }, 120_000);

  it('answers only admins and auditors, and refuses a proof of a size it never signed', async () => {
    const scope = ['01a20000-0000-7000-8000-000000000000'];
    for (const token of [
      devToken('park-manager', scope),
      devToken('fund-manager', [], 'e2e-fund-manager', 600, scope),
    ]) {
      expect((await call(system.base, 'GET', '/api/v1/audit/checkpoints', { token })).status).toBe(403);
    }
    expect((await call(system.base, 'GET', '/api/v1/audit/checkpoints', { token: admin })).status).toBe(200);
    const unsigned = await call<{ status: number; detail: string }>(
      system.base,
      'GET',
      '/api/v1/audit/proofs/consistency?fromSize=1&toSize=999999',
      { token: auditor },
    );
    expect(unsigned.status).toBe(404);
    const malformed = await call<{ errors: { field: string }[] }>(
      system.base,
      'GET',
      '/api/v1/audit/proofs/inclusion?position=-1',
      { token: auditor },
    );
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors.map((error) => error.field)).toContain('position');
  });
});
