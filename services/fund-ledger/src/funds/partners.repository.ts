import { Injectable } from '@nestjs/common';
import { type PartnerJson } from '@parkledger/contracts';
import { type Statement } from '@parkledger/messaging';
import { type EntityManager } from 'typeorm';

export interface PartnerRow {
  id: string;
  fund_id: string;
  name: string;
  kind: string;
  role: string;
  partner_fund_id: string | null;
  /** the commitment as it stands, in minor units */
  commitment: string;
  currency: string;
}

export const partnerJson = (row: PartnerRow): PartnerJson => ({
  id: row.id,
  fundId: row.fund_id,
  name: row.name,
  kind: row.kind,
  role: row.role,
  partnerFundId: row.partner_fund_id ?? '',
  commitment: { minorUnits: row.commitment, currency: row.currency },
});

const SELECT = `SELECT pa.id, pa.fund_id, pa.name, pa.kind, pa.role, pa.partner_fund_id, f.currency,
    coalesce((SELECT -b.balance FROM account_balances b
               WHERE b.fund_id = pa.fund_id AND b.account = 'commitment:' || pa.id), 0)::text AS commitment
  FROM partners pa JOIN funds f ON f.id = pa.fund_id`;

@Injectable()
export class PartnersRepository {
  insert(row: PartnerRow): Statement {
    return {
      text: `INSERT INTO partners (id, fund_id, name, kind, role, partner_fund_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      params: [row.id, row.fund_id, row.name, row.kind, row.role, row.partner_fund_id],
    };
  }

  async find(executor: EntityManager, fundId: string, id: string): Promise<PartnerRow | undefined> {
    const rows: PartnerRow[] = await executor.query(`${SELECT} WHERE pa.fund_id = $1 AND pa.id = $2`, [fundId, id]);
    return rows[0];
  }

  async list(executor: EntityManager, fundId: string): Promise<PartnerRow[]> {
    return executor.query(`${SELECT} WHERE pa.fund_id = $1 ORDER BY pa.id`, [fundId]);
  }

  async nameTaken(executor: EntityManager, fundId: string, name: string): Promise<boolean> {
    const rows: unknown[] = await executor.query(
      'SELECT 1 FROM partners WHERE fund_id = $1 AND lower(btrim(name)) = lower(btrim($2))',
      [fundId, name],
    );
    return rows.length > 0;
  }
}
