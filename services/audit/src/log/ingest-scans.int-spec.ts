import { auditUnderTest, probeRecords, type AuditUnderTest } from '../testing/audit-under-test';

/**
 * A batch's ingest looks up its places and its chains by key, whatever the log's size: a scan of
 * the whole table each transaction would make every ingest slower as the log grows.
 */
describe('the audit ingest on a long log (real Postgres)', () => {
  let audit: AuditUnderTest;
  const LOGGED = 20_000;

  beforeAll(async () => {
    audit = await auditUnderTest('audit-scans');
    const pool = audit.pool(1);
    // a long log's places and chains, as the planner sees them once autovacuum has analysed them
    await pool.query(
      `INSERT INTO deliveries (topic, "partition", "offset", leaf)
       SELECT 'parkledger.probes.v1', g % 3, g, sha256(g::text::bytea) FROM generate_series(1, $1) AS g`,
      [LOGGED],
    );
    await pool.query(
      `INSERT INTO aggregates (aggregate_type, aggregate_id, chained, seen)
       SELECT 'probe', 'logged-' || g, 1, 1 FROM generate_series(1, $1) AS g`,
      [LOGGED],
    );
    await pool.query('ANALYZE deliveries, aggregates');
  });
  afterAll(() => audit.stop());

  // the plan Postgres makes for the values given, and the one it may keep for a prepared statement
  it.each(['force_custom_plan', 'force_generic_plan'])(
    'reads a small batch’s places and chains by index, never the whole table (%s)',
    async (mode) => {
      // read from three partitions, as a consumer's fetch is
      const records = [...probeRecords(`${mode}-a`, [1, 2, 3]), ...probeRecords(`${mode}-b`, [1, 2, 3])].map(
        (record, n) => ({
          ...record,
          partition: n % 3,
        }),
      );
      const scans = await audit.inTransaction(async (tx) => {
        await tx.query(`SET LOCAL plan_cache_mode = ${mode}`);
        const result = await audit.ingest.apply(tx, audit.ingest.prepare(records));
        expect(result).toMatchObject({ logged: 6, anomalies: [] });
        const { rows } = await tx.query<{ relname: string; seq_scan: string; idx_scan: string }>(
          `SELECT relname, seq_scan::text, idx_scan::text FROM pg_stat_xact_user_tables
         WHERE relname IN ('deliveries', 'aggregates') ORDER BY relname`,
        );
        return rows;
      });
      expect(scans.map(({ relname, seq_scan }) => [relname, seq_scan])).toEqual([
        ['aggregates', '0'],
        ['deliveries', '0'],
      ]);
      for (const { idx_scan } of scans) expect(Number(idx_scan)).toBeGreaterThan(0);
    },
  );
});
