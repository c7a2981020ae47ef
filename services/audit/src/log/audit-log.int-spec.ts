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

  it('never links a later copy of an event id, even one held across batches at a version still missing', async () => {
    await audit.apply([probeRecord('p-held', 1)]);
    const third = probeRecord('p-held', 3);
    await audit.apply([third]); // held: version 2 is missing
    // a forged copy of the third event's id, claiming version 2, in a batch of its own
    const forged = probeRecord('p-held', 2, { id: third.headers.ce_id ?? '', note: 'forged' });
    expect((await audit.apply([forged])).anomalies.map((anomaly) => anomaly.kind)).toEqual(['conflicting-id']);
    const genuine = await audit.apply([probeRecord('p-held', 2)]);
    expect(genuine.anomalies).toEqual([]);
    const links = await rows<{ version: string; position: string }>(
      "SELECT version::text, position::text FROM links WHERE aggregate_id = 'p-held' ORDER BY version",
    );
    const [forgedAt] = await rows<{ position: string }>('SELECT position::text FROM entries WHERE leaf = $1', [
      entryLeaf(forged),
    ]);
    expect(links.map((link) => link.version)).toEqual(['1', '2', '3']);
    expect(links.map((link) => link.position)).not.toContain(forgedAt?.position);
  });

  it('logs a record it cannot read, with why', async () => {
    const record = probeRecord('p-bad', 1, { offset: 300 });
    const result = await audit.apply([{ ...record, headers: { ...record.headers, ce_type: 'parkledger.nothing.v1' } }]);
    expect(result.logged).toBe(1);
    expect(result.anomalies.map((anomaly) => anomaly.kind)).toEqual(['undecodable']);
    expect(result.anomalies[0]?.detail).toContain('unknown event type "parkledger.nothing.v1"');
  });

  it.each([
    ['a NUL in a header', { ce_source: '/x\u0000y' }, 'NUL'],
    ['an aggregate version past bigint', { ce_aggregateversion: '9999999999999999999' }, 'aggregate version'],
    ['a time Postgres would not take', { ce_time: '1' }, 'ce_time'],
    ['a day its month does not have', { ce_time: '2026-02-30T00:00:00Z' }, 'ce_time'],
    ['a leap day of a year without one', { ce_time: '2100-02-29T00:00:00Z' }, 'ce_time'],
  ])('logs a record with %s as unreadable, and goes on', async (_, headers, why) => {
    const record = probeRecord('p-odd', 1);
    const result = await audit.apply([{ ...record, headers: { ...record.headers, ...headers } }]);
    expect(result.logged).toBe(1);
    expect(result.anomalies.map((anomaly) => anomaly.kind)).toEqual(['undecodable']);
    expect(result.anomalies[0]?.detail).toContain(why);
  });

  it('takes a leap day of a leap year, and the time as Postgres reads it', async () => {
    const record = probeRecord('p-leap', 1);
    const time = '2024-02-29T23:59:59.123456789+08:00';
    const result = await audit.apply([{ ...record, headers: { ...record.headers, ce_time: time } }]);
    expect(result).toMatchObject({ logged: 1, anomalies: [] });
    const [entry] = await rows<{ same: boolean }>(
      "SELECT occurred_at = $1::timestamptz AS same FROM entries WHERE aggregate_id = 'p-leap'",
      [time],
    );
    expect(entry?.same).toBe(true);
  });

  it('refuses to rewrite or delete what it holds', async () => {
    await expect(audit.pool(1).query("UPDATE entries SET value = '\\x00' WHERE position = 0")).rejects.toThrow(
      'append-only',
    );
    await expect(audit.pool(1).query('DELETE FROM nodes')).rejects.toThrow('append-only');
    await expect(audit.pool(1).query('TRUNCATE entries CASCADE')).rejects.toThrow('append-only');
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

  it('numbers checkpoints past 9 and 10 in order (1, 2, ..., 12), as numbers, not as text', async () => {
    const every = audit.checkpointer({ every: 1 });
    for (let n = 1; n <= 12; n += 1) {
      const head = await audit.apply(probeRecords('p-many', [n]));
      await audit.inTransaction((tx) => every.signIfDue(tx, head.size, head.root));
    }
    const last = await audit.inTransaction((tx) => audit.repository.lastCheckpoint(tx));
    const [count] = await rows<{ n: string; top: string }>(
      'SELECT count(*)::text AS n, max(sequence)::text AS top FROM checkpoints',
    );
    expect(String(last?.sequence)).toBe(count?.top);
    expect(Number(count?.n)).toBeGreaterThanOrEqual(12);
  });

  it('finds the first entry of an event id by position as a number', async () => {
    // the original at the last position of one digit count (99, 999, ...), its copies past it
    const { size } = await audit.inTransaction((tx) => audit.ingest.head(tx));
    const filler = Array.from({ length: 10 ** String(size).length - 1 - size }, (_, n) => n + 1);
    if (filler.length > 0) await audit.apply(probeRecords('p-filler', filler));
    const first = probeRecord('p-id', 1);
    await audit.apply([first]);
    const id = first.headers.ce_id ?? '';
    const copies = Array.from({ length: 11 }, (_, n) => probeRecord('p-id', 1, { id, note: `copy ${n}` }));
    for (const copy of copies) await audit.apply([copy]);
    const [original] = await rows<{ position: string }>('SELECT position::text FROM entries WHERE leaf = $1', [
      entryLeaf(first),
    ]);
    const earliest = await audit.inTransaction((tx) => audit.repository.entriesOfEvents(tx, [id]));
    expect(String(earliest.get(id))).toBe(original?.position);
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
