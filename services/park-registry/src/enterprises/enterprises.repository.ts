import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type PageRequest } from '../common/page';

export interface EnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  founded_on: string | null;
  registered_capital_minor: string | null;
  registered_capital_currency: string | null;
  industry_fields: string[];
  version: string;
}

export interface EnterpriseFilter {
  nameContains?: string;
  uscc?: string;
  industryField?: string;
}

const COLUMNS =
  "id, name, uscc, to_char(founded_on, 'YYYY-MM-DD') AS founded_on, registered_capital_minor::text, registered_capital_currency, industry_fields, version::text";

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
      `INSERT INTO enterprises (id, name, uscc, founded_on, registered_capital_minor, registered_capital_currency, industry_fields, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.id,
        e.name,
        e.uscc,
        e.founded_on,
        e.registered_capital_minor,
        e.registered_capital_currency,
        e.industry_fields,
        e.version,
      ],
    );
  }

  async update(tx: EntityManager, e: EnterpriseRow): Promise<void> {
    await tx.query(
      `UPDATE enterprises SET name = $2, registered_capital_minor = $3, registered_capital_currency = $4,
              industry_fields = $5, version = $6, updated_at = now() WHERE id = $1`,
      [e.id, e.name, e.registered_capital_minor, e.registered_capital_currency, e.industry_fields, e.version],
    );
  }

  async list(tx: EntityManager, filter: EnterpriseFilter, page: PageRequest): Promise<EnterpriseRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.nameContains !== undefined) add((n) => `strpos(lower(name), lower(${n})) > 0`, filter.nameContains);
    if (filter.uscc !== undefined) add((n) => `uscc = ${n}`, filter.uscc);
    if (filter.industryField !== undefined) add((n) => `${n} = ANY(industry_fields)`, filter.industryField);
    if (page.after !== undefined) add((n) => `id > ${n}`, page.after);
    params.push(page.limit + 1);
    return tx.query(
      `SELECT ${COLUMNS} FROM enterprises ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
      params,
    );
  }
}
