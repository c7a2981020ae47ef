import { randomUUID } from 'node:crypto';
import { type PoolClient } from 'pg';
import {
  auditUnderTest,
  eventRecord,
  probeRecord,
  probeRecords,
  type AuditUnderTest,
} from '../testing/audit-under-test';
import { type DeliveredRecord } from './audit-log.repository';

/** Every table of the log, in a fixed order, without the times Postgres stamps. */
const TABLES = {
  deliveries: 'SELECT topic, "partition", "offset"::text, leaf FROM deliveries ORDER BY topic, "partition", "offset"',
  entries: `SELECT position::text, leaf, event_id::text, event_type, aggregate_type, aggregate_id, aggregate_version::text,
                   occurred_at, correlation_id, topic, "partition", "offset"::text, headers::text, value
            FROM entries ORDER BY position`,
  mentions: 'SELECT position::text, type, id FROM mentions ORDER BY position, type, id',
  nodes: 'SELECT level, index::text, hash FROM nodes ORDER BY level, index',
  links: 'SELECT aggregate_type, aggregate_id, version::text, position::text, link FROM links ORDER BY position',
  aggregates: 'SELECT aggregate_type, aggregate_id, chained::text, link, seen::text FROM aggregates ORDER BY 1, 2',
  anomalies: `SELECT kind, aggregate_type, aggregate_id, from_version::text, to_version::text, position::text,
                     earlier::text, detail, resolved_at IS NOT NULL AS resolved FROM anomalies ORDER BY id`,
};

/**
 * A small batch (a live stream's) is written as one statement, a large one (a backlog's) copied in
 * table by table: the log they leave must be the same, row for row.
 */
describe('a batch written as one statement or copied in (real Postgres)', () => {
  let oneStatement: AuditUnderTest;
  let copied: AuditUnderTest;

  beforeAll(async () => {
    oneStatement = await auditUnderTest('audit-one-statement', { oneStatementUpTo: Number.MAX_SAFE_INTEGER });
    copied = await auditUnderTest('audit-copied', { oneStatementUpTo: 0 });
  });
  afterAll(async () => {
    await oneStatement.stop();
    await copied.stop();
  });

  /** Applies a batch in a transaction, counting its statements and its COPYs. */
  const apply = (audit: AuditUnderTest, records: readonly DeliveredRecord[]) =>
    audit.inTransaction(async (tx: PoolClient) => {
      const sent: unknown[] = [];
      const query = tx.query.bind(tx) as (...args: unknown[]) => unknown;
      const counting = Object.assign(Object.create(tx) as PoolClient, {
        query: (...args: unknown[]) => {
          sent.push(args[0]);
          return query(...args);
        },
      });
      const result = await audit.ingest.apply(counting, audit.ingest.prepare(records));
      const copies = sent.filter(
        (statement) => typeof statement === 'object' && statement !== null && 'submit' in statement,
      );
      return { result, statements: sent.length, copies: copies.length };
    });

  it('leaves the same log either way: entries, places, mentions, tree, chains and anomalies', async () => {
    const project = randomUUID();
    const award = randomUUID();
    const original = probeRecord('p-tamper', 1);
    const unreadable = probeRecord('p-bad', 1);
    const odd = probeRecord('p-odd', 1);
    const batches: DeliveredRecord[][] = [
      [
        ...probeRecords('p-a', [1, 2, 3]),
        eventRecord(
          'parkledger.award.paid.v1',
          award,
          1,
          { award: { id: award, projectId: project } },
          { correlationId: 'c-append' },
        ),
        { ...unreadable, headers: { ...unreadable.headers, ce_type: 'parkledger.nothing.v1' } },
        // a header with a NUL (the record is logged as unreadable) and one with a backslash, tab and quote
        { ...odd, headers: { ...odd.headers, ce_source: '/x\u0000y', ce_note: 'a\\b\t"c"' } },
        original,
      ],
      // read again at the same place; a republished copy; a gap (versions 2 and 3 missing)
      [original, { ...original, offset: '9000001' }, probeRecord('p-gap', 1), probeRecord('p-gap', 4)],
      // only copies: read again at the same place, and republished
      [original, { ...original, offset: '9000002' }],
      // the gap filled; a rewritten copy of an event id; a second event at a version
      [
        probeRecord('p-gap', 2),
        probeRecord('p-gap', 3),
        probeRecord('p-tamper', 1, { id: original.headers.ce_id ?? '', note: 'rewritten' }),
        probeRecord('p-tamper', 1, { note: 'forged' }),
      ],
    ];
    for (const batch of batches) {
      const one = await apply(oneStatement, batch);
      const many = await apply(copied, batch);
      expect(one.result).toEqual(many.result);
      expect(one.copies).toBe(0);
      expect(many.copies).toBeGreaterThan(0);
    }
    const [one, many] = [oneStatement.pool(1), copied.pool(1)];
    for (const [table, sql] of Object.entries(TABLES)) {
      const [a, b] = await Promise.all([one.query(sql), many.query(sql)]);
      expect({ table, rows: a.rows }).toEqual({ table, rows: b.rows });
    }
    const kinds = await one.query<{ kind: string; resolved: boolean }>(TABLES.anomalies);
    expect(kinds.rows.map(({ kind, resolved }) => [kind, resolved])).toEqual([
      ['undecodable', false],
      ['undecodable', false],
      ['missing', true],
      ['conflicting-id', false],
      ['conflicting-version', false],
    ]);
    const named = await one.query<{ type: string; id: string }>(TABLES.mentions);
    expect(named.rows.map(({ type, id }) => [type, id])).toEqual([['project', project]]);
    const headers = await one.query<{ headers: string }>('SELECT headers::text FROM entries WHERE "offset" = $1', [
      odd.offset,
    ]);
    expect(JSON.parse(headers.rows[0]?.headers ?? '{}')).toMatchObject({
      ce_source: '/x\u0000y',
      ce_note: 'a\\b\t"c"',
    });
  });

  it('writes a live stream’s batch of new events in eight statements, reads included', async () => {
    const batch = [...probeRecords('p-live-a', [1, 2]), ...probeRecords('p-live-b', [1, 2])];
    const { result, statements } = await apply(oneStatement, batch);
    expect(result).toMatchObject({ logged: 4, anomalies: [] });
    // the lock, the size, the frontier, first reads, logged leaves, event ids, chains, and the append
    expect(statements).toBe(8);
  });
});
