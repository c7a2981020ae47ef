import { entryLeaf, MemoryTree, openCheckpoint } from '@parkledger/tlog';
import {
  auditUnderTest,
  probeRecord,
  probeRecords,
  SPEC_ORIGIN,
  type AuditUnderTest,
} from '../testing/audit-under-test';
import { InconsistentLogError } from './checkpointer';

describe('the audit log (real Postgres)', () => {
  let audit: AuditUnderTest;

  beforeAll(async () => {
    audit = await auditUnderTest('audit-log');
  });
  afterAll(() => audit.stop());

  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await audit.pool(1).query(sql, params)).rows as T[];
  const anomalies = (aggregate: string) =>
    rows<{
      kind: string;
      from_version: string | null;
      to_version: string | null;
      position: string;
      earlier: string | null;
      resolved: boolean;
    }>(
      `SELECT kind, from_version, to_version, position, earlier, resolved_at IS NOT NULL AS resolved
       FROM anomalies WHERE aggregate_id = $1 ORDER BY id`,
      [aggregate],
    );

  it('logs each event once as the next leaf, links its aggregate’s chain, and gives the tree’s root', async () => {
    const records = probeRecords('p-order', [1, 2, 3]);
    const before = (await audit.inTransaction((tx) => audit.ingest.head(tx))).size;
    const result = await audit.apply(records);
    expect(result).toMatchObject({ logged: 3, absorbed: 0, reread: 0, anomalies: [], size: before + 3 });

    const tree = new MemoryTree();
    const leaves = await rows<{ leaf: Buffer }>('SELECT leaf FROM entries ORDER BY position');
    for (const { leaf } of leaves) tree.append(leaf);
    expect(result.root).toEqual(await tree.root());
    expect(leaves.slice(before).map(({ leaf }) => leaf)).toEqual(records.map((record) => entryLeaf(record)));

    const links = await rows<{ version: string }>(
      "SELECT version::text FROM links WHERE aggregate_id = 'p-order' ORDER BY version",
    );
    expect(links.map((link) => link.version)).toEqual(['1', '2', '3']);
  });

  it('changes nothing for a record read again at the same place, and absorbs and counts a republished copy', async () => {
    const [first] = probeRecords('p-copy', [1], { offset: 100 });
    if (first === undefined) throw new Error('no record');
    await audit.apply([first]);
    expect(await audit.apply([first])).toMatchObject({ logged: 0, absorbed: 0, reread: 1 });
    expect(await audit.apply([{ ...first, offset: '101' }])).toMatchObject({ logged: 0, absorbed: 1, reread: 0 });
    const copies = await rows<{ n: string }>('SELECT count(*)::text AS n FROM deliveries WHERE leaf = $1', [
      entryLeaf(first),
    ]);
    expect(copies[0]?.n).toBe('2');
    expect(await anomalies('p-copy')).toEqual([]);
  });

  it('records a gap as missing until it is filled, then links what was held', async () => {
    await audit.apply(probeRecords('p-gap', [1]));
    const held = await audit.apply([probeRecord('p-gap', 4)]);
    expect(held.anomalies).toMatchObject([{ kind: 'missing', versions: { from: 2n, to: 3n } }]);
    expect(await anomalies('p-gap')).toMatchObject([
      { kind: 'missing', from_version: '2', to_version: '3', resolved: false },
    ]);
    await audit.apply([probeRecord('p-gap', 2)]);
    expect((await anomalies('p-gap'))[0]?.resolved).toBe(false);
    await audit.apply([probeRecord('p-gap', 3)]);
    expect((await anomalies('p-gap'))[0]?.resolved).toBe(true);
    const links = await rows<{ version: string }>(
      "SELECT version::text FROM links WHERE aggregate_id = 'p-gap' ORDER BY version",
    );
    expect(links.map((link) => link.version)).toEqual(['1', '2', '3', '4']);
  });

  it('keeps both copies of a tamper: an event id with other bytes, and a second event at a version', async () => {
    const original = probeRecord('p-tamper', 1, { offset: 200 });
    const [logged] = await rows<{ position: string }>(
      'SELECT coalesce(max(position) + 1, 0)::text AS position FROM entries',
    );
    await audit.apply([original]);
    const id = original.headers.ce_id ?? '';
    const sameId = probeRecord('p-tamper', 1, { offset: 201, id, note: 'rewritten' });
    const sameVersion = probeRecord('p-tamper', 1, { offset: 202, note: 'forged' });
    const result = await audit.apply([sameId, sameVersion]);
    expect(result.logged).toBe(2);
    expect(await anomalies('p-tamper')).toEqual([
      expect.objectContaining({ kind: 'conflicting-id', earlier: logged?.position }),
      expect.objectContaining({ kind: 'conflicting-version', from_version: '1', earlier: logged?.position }),
    ]);
    const links = await rows<{ position: string }>("SELECT position::text FROM links WHERE aggregate_id = 'p-tamper'");
    expect(links).toEqual([{ position: logged?.position }]);
  });

  it('logs a record it cannot read, with why', async () => {
    const record = probeRecord('p-bad', 1, { offset: 300 });
    const result = await audit.apply([{ ...record, headers: { ...record.headers, ce_type: 'parkledger.nothing.v1' } }]);
    expect(result.logged).toBe(1);
    expect(result.anomalies.map((anomaly) => anomaly.kind)).toEqual(['undecodable']);
    expect(result.anomalies[0]?.detail).toContain('unknown event type "parkledger.nothing.v1"');
  });

  it('refuses to rewrite or delete what it holds, whoever asks', async () => {
    await expect(audit.pool(1).query("UPDATE entries SET value = '\\x00' WHERE position = 0")).rejects.toThrow(
      'append-only',
    );
    await expect(audit.pool(1).query('DELETE FROM nodes')).rejects.toThrow('append-only');
    await expect(audit.pool(1).query('UPDATE anomalies SET detail = $1', ['edited'])).rejects.toThrow('append-only');
  });

  it('signs checkpoints when due, each extending the last, across new instances too, and publishes them', async () => {
    const first = audit.checkpointer({ every: 2 });
    const head = await audit.inTransaction((tx) => audit.ingest.head(tx));
    const signed = await audit.inTransaction((tx) => first.signIfDue(tx, head.size, head.root));
    if (signed === undefined) throw new Error('no checkpoint signed');
    expect(openCheckpoint(signed.note, audit.signer.verifier, SPEC_ORIGIN)).toEqual({
      origin: SPEC_ORIGIN,
      size: head.size,
      root: head.root,
    });
    // not due: one event since, fewer than `every`
    const one = await audit.apply(probeRecords('p-check', [1]));
    expect(await audit.inTransaction((tx) => first.signIfDue(tx, one.size, one.root))).toBeUndefined();
    // a checkpointer of a restarted service picks up from the last signed
    const two = await audit.apply(probeRecords('p-check', [2]));
    const next = await audit.inTransaction((tx) => audit.checkpointer({ every: 2 }).signIfDue(tx, two.size, two.root));
    expect(next).toMatchObject({ sequence: signed.sequence + 1, size: two.size });
    const published = await rows<{ event_type: string; aggregate_version: string }>(
      'SELECT event_type, aggregate_version::text FROM outbox ORDER BY position',
    );
    expect(published).toEqual([
      { event_type: 'parkledger.checkpoint.signed.v1', aggregate_version: String(signed.sequence) },
      { event_type: 'parkledger.checkpoint.signed.v1', aggregate_version: String(next?.sequence) },
    ]);
  });

  it('signs nothing once its tree no longer extends the last checkpoint', async () => {
    const due = audit.checkpointer({ every: 1 });
    const head = await audit.apply(probeRecords('p-rewrite', [1, 2]));
    await audit.inTransaction((tx) => due.signIfDue(tx, head.size, head.root));
    // someone with the database's keys rewrites the tree, past the triggers
    await audit.inTransaction(async (tx) => {
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      await tx.query('UPDATE nodes SET hash = sha256(hash)');
    });
    const after = await audit.apply(probeRecords('p-rewrite', [3]));
    await expect(audit.inTransaction((tx) => due.signIfDue(tx, after.size, after.root))).rejects.toThrow(
      InconsistentLogError,
    );
    const last = await rows<{ size: string }>('SELECT size::text FROM checkpoints ORDER BY sequence DESC LIMIT 1');
    expect(last[0]?.size).toBe(String(head.size));
  });
});
