import { Injectable } from '@nestjs/common';
import { type Statement } from '@parkledger/messaging';
import { type Sql } from '../database/sql';

export interface PolicyVersionRow {
  policy: string;
  version: number;
  effective_from: string;
  document: Record<string, unknown>;
  published_at: string;
}

const VERSION_COLUMNS = `policy, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, document,
  to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS published_at`;

@Injectable()
export class PoliciesRepository {
  /**
   * The policy's row, locked for its next version (made at 0 for a new policy, so two first
   * publications queue like any two): the latest version published, 0 for none.
   */
  async take(tx: Sql, key: string): Promise<number> {
    await tx.query('INSERT INTO policies (key, latest, version) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING', [key]);
    const rows: { latest: number }[] = await tx.query('SELECT latest FROM policies WHERE key = $1 FOR UPDATE', [key]);
    return rows[0]?.latest ?? 0;
  }

  /** The statements that publish a version: the policy row moved on, and the version kept whole. */
  publish(key: string, version: number, effectiveFrom: string, document: unknown, publishedAt: string): Statement[] {
    return [
      {
        text: 'UPDATE policies SET latest = $2, version = $3 WHERE key = $1',
        params: [key, version, version],
      },
      {
        text: `INSERT INTO policy_versions (policy, version, effective_from, document, published_at)
               VALUES ($1, $2, $3, $4, $5)`,
        params: [key, version, effectiveFrom, JSON.stringify(document), publishedAt],
      },
    ];
  }

  /** A version of the policy; 0 for the latest. */
  async version(executor: Sql, key: string, version: number): Promise<PolicyVersionRow | undefined> {
    const rows: PolicyVersionRow[] = await executor.query(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions
        WHERE policy = $1 AND ($2::int = 0 OR version = $2) ORDER BY version DESC LIMIT 1`,
      [key, version],
    );
    return rows[0];
  }

  /**
   * The version in force on a date: of those effective by then, the latest effective date (and of
   * two on one date, the later published).
   */
  async inForce(executor: Sql, key: string, on: string): Promise<PolicyVersionRow | undefined> {
    const rows: PolicyVersionRow[] = await executor.query(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions
        WHERE policy = $1 AND effective_from <= $2 ORDER BY effective_from DESC, version DESC LIMIT 1`,
      [key, on],
    );
    return rows[0];
  }

  /** Each policy's version in force on the date: the latest of those in effect by then. */
  async allInForce(executor: Sql, on: string): Promise<PolicyVersionRow[]> {
    return executor.query(
      `SELECT DISTINCT ON (policy) ${VERSION_COLUMNS} FROM policy_versions
        WHERE effective_from <= $1 ORDER BY policy, effective_from DESC, version DESC`,
      [on],
    );
  }

  async history(executor: Sql, key: string): Promise<PolicyVersionRow[]> {
    return executor.query(`SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE policy = $1 ORDER BY version`, [key]);
  }

  /** Each policy's latest version, by key, after the cursor. */
  async latest(executor: Sql, after: string | undefined, limit: number): Promise<PolicyVersionRow[]> {
    return executor.query(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions v
        WHERE version = (SELECT latest FROM policies p WHERE p.key = v.policy) AND ($1::text IS NULL OR policy > $1)
        ORDER BY policy LIMIT $2`,
      [after ?? null, limit],
    );
  }
}
