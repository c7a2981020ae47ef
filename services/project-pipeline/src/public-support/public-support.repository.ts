import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type EntityManager } from 'typeorm';
import { type AwardMoney, type FundInvestment, type InvestmentState } from './public-support-events';
import { type CompletedRow, type FundRow, type PolicyRow } from './public-support-figures';

/** A project's completed investment as of a date: its last report by then. */
export interface ProjectCompleted extends CompletedRow {
  projectId: string;
  /** the date of the report counted; null when none is */
  completedAsOf: string | null;
}

/** The money of a fact is dated on or before `asOf` (a parameter; null: every fact). */
const dated = (column: string, asOf: string) => `(${asOf}::date IS NULL OR ${column} <= ${asOf}::date)`;

/**
 * The public-support read model: written by the consumer of the funds and awards topics (in its
 * inbox transaction, on a pg client), read by the service for a set of projects as of a date.
 */
@Injectable()
export class PublicSupportRepository {
  /**
   * Records an investment once: a copy of it (a redelivery under another inbox, a replay) changes
   * nothing; false when a row of the same investment holds other figures.
   */
  async recordInvestment(tx: PoolClient, investment: FundInvestment, sourceEvent: string): Promise<boolean> {
    const { rows } = await tx.query<{ consistent: boolean }>(
      `WITH inserted AS (
         INSERT INTO support_fund_investments
           (investment_id, entry_id, fund_id, project_id, currency, cost_minor, made_on, source_event)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (investment_id) DO NOTHING RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM inserted)
           OR EXISTS (SELECT 1 FROM support_fund_investments
                       WHERE investment_id = $1 AND entry_id = $2 AND fund_id = $3 AND project_id = $4
                         AND currency = $5 AND cost_minor = $6 AND made_on = $7) AS consistent`,
      [
        investment.investmentId,
        investment.entryId,
        investment.fundId,
        investment.projectId,
        investment.currency,
        investment.costMinor.toString(),
        investment.madeOn,
        sourceEvent,
      ],
    );
    return rows[0]?.consistent === true;
  }

  /** The investment (in a project) the entry booked, locked for its reversal; undefined for any other entry. */
  async investmentOfEntry(tx: PoolClient, entryId: string): Promise<InvestmentState | undefined> {
    const { rows } = await tx.query<InvestmentState>(
      `SELECT fund_id::text AS "fundId", to_char(made_on, 'YYYY-MM-DD') AS "madeOn",
              reversal_entry_id::text AS "reversalEntryId", to_char(reversed_on, 'YYYY-MM-DD') AS "reversedOn"
         FROM support_fund_investments WHERE entry_id = $1 FOR UPDATE`,
      [entryId],
    );
    return rows[0];
  }

  async reverseInvestment(tx: PoolClient, entryId: string, reversalEntryId: string, reversedOn: string): Promise<void> {
    await tx.query(
      `UPDATE support_fund_investments SET reversal_entry_id = $2, reversed_on = $3
        WHERE entry_id = $1 AND reversal_entry_id IS NULL`,
      [entryId, reversalEntryId, reversedOn],
    );
  }

  /**
   * Records an award's payment or recapture once, keyed by the award's version: a copy changes
   * nothing; false when a row of that version holds other figures.
   */
  async recordAwardMoney(tx: PoolClient, money: AwardMoney, version: bigint, sourceEvent: string): Promise<boolean> {
    const { rows } = await tx.query<{ consistent: boolean }>(
      `WITH inserted AS (
         INSERT INTO support_award_money (award_id, award_version, movement, policy, enterprise_id, project_id,
                                          currency, amount_minor, effective_on, source_event)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (award_id, award_version) DO NOTHING RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM inserted)
           OR EXISTS (SELECT 1 FROM support_award_money
                       WHERE award_id = $1 AND award_version = $2 AND movement = $3 AND policy = $4
                         AND enterprise_id = $5 AND project_id = $6 AND currency = $7 AND amount_minor = $8
                         AND effective_on = $9) AS consistent`,
      [
        money.awardId,
        version.toString(),
        money.movement,
        money.policy,
        money.enterpriseId,
        money.projectId,
        money.currency,
        money.amountMinor.toString(),
        money.effectiveOn,
        sourceEvent,
      ],
    );
    return rows[0]?.consistent === true;
  }

  /**
   * Per fund and currency, the cost of its investments in the projects made by `asOf`, less those
   * reversed by then.
   */
  async fundRows(tx: EntityManager, projectIds: readonly string[], asOf: string | null): Promise<FundRow[]> {
    const rows: { fund_id: string; currency: string; invested: string; investments: number }[] = await tx.query(
      `SELECT fund_id::text, currency, sum(cost_minor)::text AS invested, count(*)::int AS investments
         FROM support_fund_investments
        WHERE project_id = ANY ($1::uuid[]) AND ${dated('made_on', '$2')}
          AND NOT (reversed_on IS NOT NULL AND ${dated('reversed_on', '$2')})
        GROUP BY fund_id, currency`,
      [projectIds, asOf],
    );
    return rows.map((row) => ({
      fundId: row.fund_id,
      currency: row.currency,
      investedMinor: BigInt(row.invested),
      investments: row.investments,
    }));
  }

  /** Per policy and currency, what its awards naming the projects were paid and had recaptured by `asOf`. */
  async policyRows(tx: EntityManager, projectIds: readonly string[], asOf: string | null): Promise<PolicyRow[]> {
    const rows: { policy: string; currency: string; paid: string; recaptured: string; awards: number }[] =
      await tx.query(
        `SELECT policy, currency,
                coalesce(sum(amount_minor) FILTER (WHERE movement = 'paid'), 0)::text AS paid,
                coalesce(sum(amount_minor) FILTER (WHERE movement = 'recaptured'), 0)::text AS recaptured,
                count(DISTINCT award_id)::int AS awards
           FROM support_award_money
          WHERE project_id = ANY ($1::uuid[]) AND ${dated('effective_on', '$2')}
          GROUP BY policy, currency`,
        [projectIds, asOf],
      );
    return rows.map((row) => ({
      policy: row.policy,
      currency: row.currency,
      paidMinor: BigInt(row.paid),
      recapturedMinor: BigInt(row.recaptured),
      awards: row.awards,
    }));
  }

  /** Each project's completed investment in its currency: its last report by `asOf` (null: its last). */
  async completed(tx: EntityManager, projectIds: readonly string[], asOf: string | null): Promise<ProjectCompleted[]> {
    const rows: { id: string; currency: string; completed: string | null; as_of: string | null }[] = await tx.query(
      `SELECT p.id::text, p.currency, r.cumulative_minor::text AS completed, to_char(r.as_of, 'YYYY-MM-DD') AS as_of
         FROM projects p
         LEFT JOIN LATERAL (
           SELECT cumulative_minor, as_of FROM investment_reports
            WHERE project_id = p.id AND ${dated('as_of', '$2')}
            ORDER BY as_of DESC, created_at DESC LIMIT 1
         ) r ON true
        WHERE p.id = ANY ($1::uuid[])`,
      [projectIds, asOf],
    );
    return rows.map((row) => ({
      projectId: row.id,
      currency: row.currency.trim(),
      completedMinor: BigInt(row.completed ?? '0'),
      completedAsOf: row.as_of,
    }));
  }
}
