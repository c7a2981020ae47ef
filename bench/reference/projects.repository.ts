import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type RegisterProjectDto } from './project.dto';

/** What the repository needs of a pg Pool (a fake in the unit test). */
export interface Database {
  connect(): Promise<DatabaseClient>;
}

export interface DatabaseClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
}

export const DATABASE = Symbol('DATABASE');

/** The reference's own tables, beside the system's: created at start-up, prefixed bench_reference_. */
export const REFERENCE_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS bench_reference_projects (
  id uuid PRIMARY KEY,
  park_id uuid NOT NULL,
  enterprise_id uuid NOT NULL,
  industry_field text NOT NULL,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  planned_amount numeric(20, 2) NOT NULL,
  planned_currency char(3) NOT NULL,
  stage text NOT NULL,
  effective_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS bench_reference_outbox (
  position bigserial PRIMARY KEY,
  event_id uuid NOT NULL,
  aggregate_id uuid NOT NULL,
  type text NOT NULL,
  payload bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);`;

const INSERT_PROJECT = `INSERT INTO bench_reference_projects
  (id, park_id, enterprise_id, industry_field, name_zh, name_en, planned_amount, planned_currency, stage, effective_on)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  RETURNING id, park_id, enterprise_id, industry_field, name_zh, name_en, planned_amount::text AS planned_amount,
    planned_currency, stage, effective_on::text AS effective_on, created_at`;

const INSERT_EVENT =
  'INSERT INTO bench_reference_outbox (event_id, aggregate_id, type, payload) VALUES ($1, $2, $3, $4)';

interface ProjectRow {
  id: string;
  park_id: string;
  enterprise_id: string;
  industry_field: string;
  name_zh: string;
  name_en: string;
  planned_amount: string;
  planned_currency: string;
  stage: string;
  effective_on: string;
  created_at: Date;
}

export interface ProjectView {
  id: string;
  parkId: string;
  enterpriseId: string;
  industryField: string;
  nameZh: string;
  nameEn: string;
  plannedInvestment: { amount: string; currency: string };
  stage: string;
  effectiveOn: string;
  createdAt: string;
}

const view = (row: ProjectRow): ProjectView => ({
  id: row.id,
  parkId: row.park_id,
  enterpriseId: row.enterprise_id,
  industryField: row.industry_field,
  nameZh: row.name_zh,
  nameEn: row.name_en,
  plannedInvestment: { amount: row.planned_amount, currency: row.planned_currency },
  stage: row.stage,
  effectiveOn: row.effective_on,
  createdAt: new Date(row.created_at).toISOString(),
});

/** One transaction per write: the business row and its outbox row, as every parkledger service writes. */
@Injectable()
export class ProjectsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async register(project: RegisterProjectDto): Promise<ProjectView> {
    const client = await this.db.connect();
    let registered: ProjectView;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(INSERT_PROJECT, [
        randomUUID(),
        project.parkId,
        project.enterpriseId,
        project.industryField,
        project.nameZh,
        project.nameEn,
        project.plannedInvestment.amount,
        project.plannedInvestment.currency,
        project.stage ?? 'LEAD',
        project.effectiveOn,
      ]);
      registered = view(rows[0] as ProjectRow);
      await client.query(INSERT_EVENT, [
        randomUUID(),
        registered.id,
        'parkledger.project.registered.v1',
        Buffer.from(JSON.stringify(registered), 'utf8'),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      // a client whose ROLLBACK fails is broken: release(error) makes the pool discard it
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.release(rolledBack ? undefined : error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    client.release();
    return registered;
  }
}
