import { type PageRequest, SqlFilter, subtreeIds } from '@parkledger/service-kit';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface EnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  founded_on: string | null;
  registered_capital_minor: string | null;
  registered_capital_currency: string | null;
  industry_fields: string[];
  returnee_founded: boolean;
  version: string;
}

export interface EnterpriseFilter {
  nameContains?: string;
  uscc?: string;
  industryField?: string;
  returneeFounded?: boolean;
}

const COLUMNS =
  "id, name, uscc, to_char(founded_on, 'YYYY-MM-DD') AS founded_on, registered_capital_minor::text, registered_capital_currency, industry_fields, returnee_founded, version::text";

@Injectable()
export class EnterprisesRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<EnterpriseRow | undefined> {
    const rows: EnterpriseRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM enterprises WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async findByUscc(tx: EntityManager, uscc: string): Promise<EnterpriseRow | undefined> {
    const rows: EnterpriseRow[] = await tx.query(`SELECT ${COLUMNS} FROM enterprises WHERE uscc = $1`, [uscc]);
    return rows[0];
  }

  async insert(tx: EntityManager, e: EnterpriseRow): Promise<void> {
    await tx.query(
      `INSERT INTO enterprises (id, name, uscc, founded_on, registered_capital_minor, registered_capital_currency, industry_fields,
                                returnee_founded, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.id,
        e.name,
        e.uscc,
        e.founded_on,
        e.registered_capital_minor,
        e.registered_capital_currency,
        e.industry_fields,
        e.returnee_founded,
        e.version,
      ],
    );
  }

  async update(tx: EntityManager, e: EnterpriseRow): Promise<void> {
    await tx.query(
      `UPDATE enterprises SET name = $2, registered_capital_minor = $3, registered_capital_currency = $4,
              industry_fields = $5, returnee_founded = $6, version = $7, updated_at = now() WHERE id = $1`,
      [
        e.id,
        e.name,
        e.registered_capital_minor,
        e.registered_capital_currency,
        e.industry_fields,
        e.returnee_founded,
        e.version,
      ],
    );
  }

  /**
   * Takes the enterprise's next version for an event of it that changes none of its fields (a
   * milestone in its file); the row must be locked (find with lock) in the same transaction.
   */
  async setVersion(tx: EntityManager, id: string, version: string): Promise<void> {
    await tx.query('UPDATE enterprises SET version = $2 WHERE id = $1', [id, version]);
  }

  /** Is the enterprise settled now (not left) in a park of one of these subtrees? */
  async settledWithin(tx: EntityManager, id: string, roots: readonly string[]): Promise<boolean> {
    if (roots.length === 0) return false;
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM settlements WHERE enterprise_id = $1 AND left_on IS NULL AND park_id IN ${subtreeIds('$2')} LIMIT 1`,
      [id, roots],
    );
    return rows.length === 1;
  }

  async list(tx: EntityManager, filter: EnterpriseFilter, page: PageRequest): Promise<EnterpriseRow[]> {
    const sql = new SqlFilter();
    if (filter.nameContains !== undefined)
      sql.where((p) => `strpos(lower(name), lower(${p})) > 0`, filter.nameContains);
    if (filter.uscc !== undefined) sql.where((p) => `uscc = ${p}`, filter.uscc);
    if (filter.industryField !== undefined) sql.where((p) => `${p} = ANY(industry_fields)`, filter.industryField);
    if (filter.returneeFounded !== undefined) sql.where((p) => `returnee_founded = ${p}`, filter.returneeFounded);
    const tail = sql.page(page);
    return tx.query(`SELECT ${COLUMNS} FROM enterprises ${tail}`, sql.params);
  }
}
