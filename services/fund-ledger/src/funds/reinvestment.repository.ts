import { Injectable } from '@nestjs/common';
import { regionCte } from '@parkledger/service-kit';
import { type Statement } from '@parkledger/messaging';
import { type EntityManager } from 'typeorm';
import { standing } from '../journal/journal.repository';

export interface RequirementRow {
  id: string;
  region: string[];
  /** as written: "1.2", not "1.2000" */
  ratio: string;
  partner_id: string;
  effective_on: string;
}

export interface ReinvestmentLineRow {
  id: string;
  target_kind: string;
  target_id: string;
  made_on: string;
  cost: string;
  /** 'project' | 'settlement' | null: why it counts, or that it doesn't */
  counts_as: string | null;
}

/** A fund's re-investment requirements, and what of its investments lies in a region. */
@Injectable()
export class ReinvestmentRepository {
  insert(fundId: string, row: RequirementRow): Statement {
    return {
      text: `INSERT INTO reinvestment_requirements (id, fund_id, region, ratio, partner_id, effective_on)
             VALUES ($1, $2, $3::uuid[], $4, $5, $6)`,
      params: [row.id, fundId, row.region, row.ratio, row.partner_id, row.effective_on],
    };
  }

  /** The requirement stated last on or before the date. */
  async current(executor: EntityManager, fundId: string, asOf: string): Promise<RequirementRow | undefined> {
    const rows: RequirementRow[] = await executor.query(
      `SELECT id, region::text[] AS region, trim_scale(ratio)::text AS ratio, partner_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on
         FROM reinvestment_requirements WHERE fund_id = $1 AND effective_on <= $2
        ORDER BY effective_on DESC, id DESC LIMIT 1`,
      [fundId, asOf],
    );
    return rows[0];
  }

  /**
   * The fund's investments made by the date and not reversed by then, each with whether it lies in
   * the region (the parks under its roots, as the registry's events tell them): a project whose park
   * is there, or an enterprise settled there on the investment date.
   */
  async lines(
    executor: EntityManager,
    fundId: string,
    asOf: string,
    region: readonly string[],
  ): Promise<ReinvestmentLineRow[]> {
    return executor.query(
      `WITH RECURSIVE ${regionCte('$3')}
       SELECT i.id, i.target_kind, i.target_id, to_char(i.made_on, 'YYYY-MM-DD') AS made_on, i.cost::text AS cost,
              CASE
                WHEN i.target_kind = 'project' AND EXISTS (
                  SELECT 1 FROM known_projects p JOIN region r ON r.id = p.park_id WHERE p.id = i.target_id)
                  THEN 'project'
                WHEN i.target_kind = 'enterprise' AND EXISTS (
                  SELECT 1 FROM known_settlements s JOIN region r ON r.id = s.park_id
                   WHERE s.enterprise_id = i.target_id AND s.settled_on <= i.made_on
                     AND (s.left_on IS NULL OR s.left_on > i.made_on))
                  THEN 'settlement'
              END AS counts_as
         FROM investments i
        WHERE i.fund_id = $1 AND i.made_on <= $2
          AND ${standing('i.entry_id', '$2')}
        ORDER BY i.id`,
      [fundId, asOf, region],
    );
  }
}
