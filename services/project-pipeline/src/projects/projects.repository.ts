import { Injectable } from '@nestjs/common';
import { prepared, type Statement } from '@parkledger/messaging';
import { SqlFilter, subtreeIds, type PageRequest } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';

export interface ProjectRow {
  id: string;
  park_id: string;
  enterprise_id: string;
  industry_field: string;
  name_zh: string;
  name_en: string;
  currency: string;
  planned_minor: string;
  signed_planned_minor: string | null;
  stage: string;
  lead_on: string | null;
  negotiating_on: string | null;
  signed_on: string | null;
  construction_started_on: string | null;
  operation_started_on: string | null;
  terminated_on: string | null;
  completed_minor: string;
  completed_as_of: string | null;
  over_plan: boolean;
  version: string;
}

const DATE_COLUMNS = [
  'lead_on',
  'negotiating_on',
  'signed_on',
  'construction_started_on',
  'operation_started_on',
  'terminated_on',
  'completed_as_of',
] as const;
const COLUMNS = [
  'id, park_id, enterprise_id, industry_field, name_zh, name_en, currency, planned_minor::text, signed_planned_minor::text, stage',
  ...DATE_COLUMNS.map((c) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`),
  'completed_minor::text, over_plan, version::text',
].join(', ');
const WRITABLE = [
  'park_id',
  'enterprise_id',
  'industry_field',
  'name_zh',
  'name_en',
  'currency',
  'planned_minor',
  'signed_planned_minor',
  'stage',
  ...DATE_COLUMNS,
  'completed_minor',
  'over_plan',
  'version',
] as const;
/** A new project's columns, and its insert (prepared: its plan is the insert's, whatever the values). */
const INSERTED = ['id', ...WRITABLE] as const;
const INSERT = prepared(
  `INSERT INTO projects (${INSERTED.join(', ')}) VALUES (${INSERTED.map((_, i) => `$${i + 1}`).join(', ')})`,
);

export interface ProjectFilter {
  /** projects in this park or below it */
  parkId?: string;
  stage?: string;
  industryField?: string;
  signedFrom?: string;
  signedTo?: string;
  /** only projects in these subtrees; undefined for all */
  scopeRoots?: readonly string[];
}

@Injectable()
export class ProjectsRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<ProjectRow | undefined> {
    const rows: ProjectRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM projects WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  insert(row: ProjectRow): Statement {
    return {
      text: INSERT,
      params: INSERTED.map((c) => row[c]),
    };
  }

  update(row: ProjectRow): Statement {
    return {
      text: `UPDATE projects SET ${WRITABLE.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      params: [row.id, ...WRITABLE.map((c) => row[c])],
    };
  }

  async lastReport(
    tx: EntityManager,
    projectId: string,
  ): Promise<{ as_of: string; cumulative_minor: string } | undefined> {
    const rows: { as_of: string; cumulative_minor: string }[] = await tx.query(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, cumulative_minor::text FROM investment_reports
        WHERE project_id = $1 ORDER BY as_of DESC, created_at DESC LIMIT 1`,
      [projectId],
    );
    return rows[0];
  }

  insertReport(report: {
    id: string;
    projectId: string;
    asOf: string;
    cumulative: bigint;
    correctionReason: string | null;
    overPlan: boolean;
  }): Statement {
    return {
      text: 'INSERT INTO investment_reports (id, project_id, as_of, cumulative_minor, correction_reason, over_plan) VALUES ($1, $2, $3, $4, $5, $6)',
      params: [
        report.id,
        report.projectId,
        report.asOf,
        report.cumulative.toString(),
        report.correctionReason,
        report.overPlan,
      ],
    };
  }

  insertAmendment(amendment: {
    id: string;
    projectId: string;
    effectiveOn: string;
    delta: bigint;
    afterSigning: boolean;
    reason: string;
  }): Statement {
    return {
      text: 'INSERT INTO plan_amendments (id, project_id, effective_on, delta_minor, after_signing, reason) VALUES ($1, $2, $3, $4, $5, $6)',
      params: [
        amendment.id,
        amendment.projectId,
        amendment.effectiveOn,
        amendment.delta.toString(),
        amendment.afterSigning,
        amendment.reason,
      ],
    };
  }

  async list(tx: EntityManager, filter: ProjectFilter, page: PageRequest): Promise<ProjectRow[]> {
    const sql = this.filter(filter);
    const tail = sql.page(page);
    return tx.query(`SELECT ${COLUMNS} FROM projects ${tail}`, sql.params);
  }

  /** Every project in the park's subtree, for statistics. */
  async inSubtree(tx: EntityManager, parkId: string): Promise<ProjectRow[]> {
    return tx.query(`SELECT ${COLUMNS} FROM projects WHERE park_id IN ${subtreeIds('$1', 'known_parks')}`, [[parkId]]);
  }

  async amendmentsInSubtree(
    tx: EntityManager,
    parkId: string,
  ): Promise<
    { project_id: string; currency: string; effective_on: string; delta_minor: string; after_signing: boolean }[]
  > {
    return tx.query(
      `SELECT a.project_id, p.currency, to_char(a.effective_on, 'YYYY-MM-DD') AS effective_on, a.delta_minor::text, a.after_signing
         FROM plan_amendments a JOIN projects p ON p.id = a.project_id
        WHERE p.park_id IN ${subtreeIds('$1', 'known_parks')}`,
      [[parkId]],
    );
  }

  private filter(filter: ProjectFilter): SqlFilter {
    const sql = new SqlFilter();
    if (filter.scopeRoots !== undefined)
      sql.where((p) => `park_id IN ${subtreeIds(p, 'known_parks')}`, filter.scopeRoots);
    if (filter.parkId !== undefined)
      sql.where((p) => `park_id IN ${subtreeIds(`ARRAY[${p}]::uuid[]`, 'known_parks')}`, filter.parkId);
    if (filter.stage !== undefined) sql.where((p) => `stage = ${p}`, filter.stage);
    if (filter.industryField !== undefined) sql.where((p) => `industry_field = ${p}`, filter.industryField);
    if (filter.signedFrom !== undefined) sql.where((p) => `signed_on >= ${p}::date`, filter.signedFrom);
    if (filter.signedTo !== undefined) sql.where((p) => `signed_on <= ${p}::date`, filter.signedTo);
    return sql;
  }
}
