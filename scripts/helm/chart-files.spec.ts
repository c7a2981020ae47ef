import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_DIR, chartFiles } from './chart-files';

describe('the Helm chart files derived from the code', () => {
  it.each(Object.keys(chartFiles()).map((file) => [file] as const))(
    '%s is up to date (npx tsx scripts/helm/main.ts generate)',
    (file) => {
      expect(readFileSync(join(CHART_DIR, file), 'utf8')).toBe(chartFiles()[file]);
    },
  );

  it('lists every topic of the event registry with its dead-letter topic, the checkpoints kept for good', () => {
    const topics = readFileSync(join(CHART_DIR, 'files/topics.yaml'), 'utf8');
    expect(topics).toContain(
      "  - name: parkledger.funds.v1\n    config:\n      retention.ms: '604800000'\n      segment.ms: '86400000'\n",
    );
    expect(topics).toContain('  - name: parkledger.funds.v1.dlq\n');
    expect(topics).toContain("  - name: parkledger.audit.checkpoints.v1\n    config:\n      retention.ms: '-1'\n");
  });

  it("creates the roles without login or password: CloudNativePG's managed roles give both", () => {
    const sql = chartFiles()['files/postgres-init.sql'];
    expect(sql).toContain('CREATE ROLE "fund_ledger" NOLOGIN;');
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "fund_ledger" AUTHORIZATION "fund_ledger";');
    expect(sql).not.toMatch(/PASSWORD/);
  });
});
