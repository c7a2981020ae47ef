import { Injectable } from '@nestjs/common';
import { regionCte } from '@parkledger/service-kit';
import { type AwardStatus, type MilestoneSnapshot } from '../awards/awards.repository';
import { type Sql } from '../database/sql';
import { type StandingAward } from '../evaluation/evaluate';
import { type FactValue } from '../policies/policy-document';
import { type RecordedCase } from './replay';

/** What a replay reads of the awards service's tables: the cases of a period, and the awards standing before it. */
@Injectable()
export class SimulationRepository {
  /**
   * Every award of the policy with an award date in the period, whatever its status, with whether
   * the read model has the enterprise settled, on the award date, in one of the parks (or below).
   * Answers the currencies they are in beside them.
   */
  async cases(
    executor: Sql,
    policy: string,
    period: { from: string; to: string },
    parks: readonly string[],
    /** read no more than this many: a period that holds more is refused, not replayed */
    limit: number,
  ): Promise<{ cases: RecordedCase[]; currencies: string[] }> {
    const rows: {
      id: string;
      item: string;
      enterprise_id: string;
      award_on: string;
      currency: string;
      facts: Record<string, unknown>;
      status: AwardStatus;
      granted: string;
      recaptured: string;
      decided_by: 'policy' | 'reviewer' | null;
      milestone_id: string | null;
      milestone: MilestoneSnapshot | null;
      settled: boolean;
    }[] = await executor.query(
      `WITH RECURSIVE ${regionCte('$4')}
       SELECT a.id, a.item, a.enterprise_id, to_char(a.award_on, 'YYYY-MM-DD') AS award_on, a.currency::text AS currency,
              a.facts, a.status, a.granted::text AS granted, a.recaptured::text AS recaptured, a.decided_by,
              a.milestone_id, a.milestone,
              EXISTS (SELECT 1 FROM known_settlements s JOIN region r ON r.id = s.park_id
                       WHERE s.enterprise_id = a.enterprise_id AND s.settled_on <= a.award_on
                         AND (s.left_on IS NULL OR s.left_on > a.award_on)) AS settled
         FROM awards a
        WHERE a.policy = $1 AND a.award_on >= $2 AND a.award_on <= $3
        ORDER BY a.award_on, a.id
        LIMIT $5`,
      [policy, period.from, period.to, parks, limit],
    );
    return {
      cases: rows.map((row) => ({
        awardId: row.id,
        item: row.item,
        enterprise: row.enterprise_id,
        awardOn: row.award_on,
        facts: row.facts,
        status: row.status,
        granted: BigInt(row.granted),
        recaptured: BigInt(row.recaptured),
        decidedBy: row.decided_by,
        milestoneId: row.milestone_id,
        milestone: row.milestone,
        settledInDraftParks: row.settled,
      })),
      currencies: [...new Set(rows.map((row) => row.currency))],
    };
  }

  /** The policy's awards standing (granted or paid) with an award date before the day, at what they stand. */
  async standingBefore(executor: Sql, policy: string, before: string): Promise<StandingAward[]> {
    const rows: {
      item: string;
      enterprise_id: string;
      award_on: string;
      facts: Record<string, FactValue>;
      amount: string;
      tiers: number[];
    }[] = await executor.query(
      `SELECT item, enterprise_id, to_char(award_on, 'YYYY-MM-DD') AS award_on, facts,
              (granted - recaptured)::text AS amount, tiers
         FROM awards WHERE policy = $1 AND award_on < $2 AND status IN ('granted', 'paid')`,
      [policy, before],
    );
    return rows.map((row) => ({
      item: row.item,
      enterprise: row.enterprise_id,
      awardOn: row.award_on,
      facts: row.facts,
      amount: BigInt(row.amount),
      tiers: row.tiers,
    }));
  }
}
