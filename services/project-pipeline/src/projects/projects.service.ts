import { Inject, Injectable } from '@nestjs/common';
import {
  INDUSTRY_FIELDS,
  type AdvanceProjectRequestJson,
  type AmendPlanRequestJson,
  type GetParkStatisticsRequestJson,
  type GetParkStatisticsResponseJson,
  type ListProjectsRequestJson,
  type ListProjectsResponseJson,
  type MoneyJson,
  type ProjectJson,
  type RegisterProjectRequestJson,
  type ReportInvestmentRequestJson,
} from '@parkledger/contracts';
import { type NewEvent, type Outbox } from '@parkledger/messaging';
import { ErrorKind, isUuid, Money, MoneyError, uuidv7 } from '@parkledger/platform';
import {
  assertParkWriter,
  FieldCheck,
  once,
  pageOf,
  pageRequest,
  seesAllParks,
  type Caller,
} from '@parkledger/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { PIPELINE_OUTBOX } from '../config/tokens';
import { assessReport } from './investment';
import { KnownParksRepository } from './known-parks.repository';
import { parkStatistics } from './park-statistics';
import { historyOf, projectJson, projectMessage, withHistory } from './project-mapping';
import { advance, STAGES, type Stage } from './project-stages';
import { assertVisiblePark, visibleProject } from './project-scope';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { ProjectsRepository, type ProjectRow } from './projects.repository';

const WHAT = 'projects';

function checkMoney(check: FieldCheck, field: string, money: MoneyJson | undefined): Money | undefined {
  if (money === undefined || (money.currency ?? '') === '') {
    check.fail(field, 'required', `${field} is required`);
    return undefined;
  }
  try {
    return Money.ofMinor(BigInt(money.minorUnits ?? '0'), money.currency ?? '');
  } catch (error) {
    if (!(error instanceof MoneyError) && !(error instanceof SyntaxError)) throw error;
    check.fail(field, 'money', `${field}: ${error.message}`);
    return undefined;
  }
}

/** The pipeline: projects from lead to operation, their investment, and park statistics. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly known: KnownParksRepository,
    @Inject(PIPELINE_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async register(caller: Caller, request: RegisterProjectRequestJson): Promise<ProjectJson> {
    assertParkWriter(caller, WHAT);
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const field = check.oneOf('industryField', request.industryField, INDUSTRY_FIELDS);
    const nameZh = check.text('nameZh', request.nameZh);
    const nameEn = check.text('nameEn', request.nameEn);
    const plan = checkMoney(check, 'plannedInvestment', request.plannedInvestment);
    if (plan !== undefined && plan.minor <= 0n)
      check.fail('plannedInvestment', 'positive', 'plannedInvestment must be more than 0');
    const stage = check.oneOf('stage', request.stage === '' || request.stage === undefined ? 'LEAD' : request.stage, [
      'LEAD',
      'NEGOTIATING',
      'SIGNED',
    ] as const);
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    const parkId = request.parkId ?? '';
    const enterpriseId = request.enterpriseId ?? '';

    return once(this.dataSource, caller, async (tx, writes) => {
      await this.assertKnown(tx, caller, parkId, enterpriseId);
      const row: ProjectRow = withHistory(
        {
          id: uuidv7(),
          park_id: parkId,
          enterprise_id: enterpriseId,
          industry_field: field,
          name_zh: nameZh,
          name_en: nameEn,
          currency: (plan as Money).currency,
          planned_minor: (plan as Money).minor.toString(),
          signed_planned_minor: stage === 'SIGNED' ? (plan as Money).minor.toString() : null,
          stage,
          lead_on: null,
          negotiating_on: null,
          signed_on: null,
          construction_started_on: null,
          operation_started_on: null,
          terminated_on: null,
          completed_minor: '0',
          completed_as_of: null,
          over_plan: false,
          version: '1',
        },
        { stage, dates: { [stage]: on } },
      );
      const events: NewEvent[] = [
        {
          type: 'parkledger.project.registered.v1',
          aggregateId: row.id,
          aggregateVersion: 1,
          payload: { project: projectMessage(row) },
        },
      ];
      if (stage === 'SIGNED') {
        row.version = '2';
        events.push(this.signedEvent(row, 2n));
      }
      writes.push(this.projects.insert(row), this.outbox.statement(events));
      return projectJson(row);
    });
  }

  async get(caller: Caller, id: string): Promise<ProjectJson> {
    return projectJson(await this.visible(this.dataSource.manager, caller, id));
  }

  async list(caller: Caller, request: ListProjectsRequestJson): Promise<ListProjectsResponseJson> {
    const page = pageRequest(request.page);
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const signedFrom = check.date('signedFrom', request.signedFrom, { required: false });
    const signedTo = check.date('signedTo', request.signedTo, { required: false });
    check.done();
    const rows = await this.projects.list(
      this.dataSource.manager,
      {
        ...(request.parkId ? { parkId: request.parkId } : {}),
        ...(request.stage ? { stage: request.stage } : {}),
        ...(request.industryField ? { industryField: request.industryField } : {}),
        ...(signedFrom === null ? {} : { signedFrom }),
        ...(signedTo === null ? {} : { signedTo }),
        ...(seesAllParks(caller) ? {} : { scopeRoots: caller.parkScope }),
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { projects: items.map(projectJson), nextCursor };
  }

  async advance(caller: Caller, request: AdvanceProjectRequestJson): Promise<ProjectJson> {
    assertParkWriter(caller, WHAT);
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const to = check.oneOf('stage', request.stage, STAGES);
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    check.done();
    return once(this.dataSource, caller, async (tx, writes) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      const after = withHistory(before, advance(historyOf(before), to, on));
      if (to === 'SIGNED' && after.signed_planned_minor === null) after.signed_planned_minor = after.planned_minor;
      after.version = String(BigInt(before.version) + 1n);
      writes.push(
        this.projects.update(after),
        this.outbox.statement([this.stageEvent(after, to, on, request.reason ?? '')]),
      );
      return projectJson(after);
    });
  }

  async reportInvestment(caller: Caller, request: ReportInvestmentRequestJson): Promise<ProjectJson> {
    assertParkWriter(caller, WHAT);
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const asOf = check.date('asOf', request.asOf) ?? '';
    const completed = checkMoney(check, 'completedInvestment', request.completedInvestment);
    check.done();
    return once(this.dataSource, caller, async (tx, writes) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      const amount = this.sameCurrency(before, completed as Money, 'completedInvestment');
      const last = await this.projects.lastReport(tx, before.id);
      const reason = (request.correctionReason ?? '').trim();
      const { overPlan } = assessReport(
        last === undefined ? undefined : { asOf: last.as_of, cumulative: BigInt(last.cumulative_minor) },
        { asOf, cumulative: amount, correctionReason: reason },
        BigInt(before.planned_minor),
      );
      writes.push(
        this.projects.insertReport({
          id: uuidv7(),
          projectId: before.id,
          asOf,
          cumulative: amount,
          correctionReason: reason === '' ? null : reason,
          overPlan,
        }),
      );
      const after: ProjectRow = {
        ...before,
        completed_minor: amount.toString(),
        completed_as_of: asOf,
        over_plan: overPlan,
        version: String(BigInt(before.version) + 1n),
      };
      writes.push(
        this.projects.update(after),
        this.outbox.statement([
          {
            type: 'parkledger.project.investment-reported.v1',
            aggregateId: after.id,
            aggregateVersion: BigInt(after.version),
            payload: {
              projectId: after.id,
              asOf,
              completedInvestment: { minorUnits: amount, currency: after.currency },
              correctionReason: reason,
              overPlan,
            },
          },
        ]),
      );
      return projectJson(after);
    });
  }

  async amendPlan(caller: Caller, request: AmendPlanRequestJson): Promise<ProjectJson> {
    assertParkWriter(caller, WHAT);
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const delta = checkMoney(check, 'delta', request.delta);
    if (delta !== undefined && delta.isZero())
      check.fail('delta', 'non-zero', 'delta must increase or decrease the plan');
    check.done();
    return once(this.dataSource, caller, async (tx, writes) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      const change = this.sameCurrency(before, delta as Money, 'delta');
      const planned = BigInt(before.planned_minor) + change;
      if (planned <= 0n) {
        throw new ProjectError(ProjectErrorCode.Invalid, ErrorKind.Invalid, 'the amended plan must stay above 0', [
          {
            field: 'delta',
            rule: 'plan-stays-positive',
            message: `at most a decrease of ${Money.ofMinor(BigInt(before.planned_minor) - 1n, before.currency).toDecimalString()}`,
          },
        ]);
      }
      const afterSigning = before.signed_on !== null;
      writes.push(
        this.projects.insertAmendment({
          id: uuidv7(),
          projectId: before.id,
          effectiveOn: on,
          delta: change,
          afterSigning,
          reason: request.reason ?? '',
        }),
      );
      const after: ProjectRow = {
        ...before,
        planned_minor: planned.toString(),
        version: String(BigInt(before.version) + 1n),
      };
      writes.push(
        this.projects.update(after),
        this.outbox.statement([
          {
            type: 'parkledger.project.plan-amended.v1',
            aggregateId: after.id,
            aggregateVersion: BigInt(after.version),
            payload: {
              projectId: after.id,
              effectiveOn: on,
              delta: { minorUnits: change, currency: after.currency },
              plannedInvestment: { minorUnits: planned, currency: after.currency },
              reason: request.reason ?? '',
            },
          },
        ]),
      );
      return projectJson(after);
    });
  }

  async statistics(caller: Caller, request: GetParkStatisticsRequestJson): Promise<GetParkStatisticsResponseJson> {
    const check = new FieldCheck(ProjectErrorCode.Invalid);
    const from = check.date('from', request.from) ?? '';
    const to = check.date('to', request.to) ?? '';
    const asOf = check.date('asOf', request.asOf, { required: false }) ?? to;
    const months = request.stalledAfterMonths ?? 0;
    if (!Number.isInteger(months) || months < 1 || months > 120)
      check.fail('stalledAfterMonths', 'range', 'stalledAfterMonths must be 1..120');
    if (from > to) check.fail('to', 'not-before-from', `to ${to} is before from ${from}`);
    check.done();
    const tx = this.dataSource.manager;
    const parkId = request.parkId ?? '';
    await assertVisiblePark(this.known, tx, caller, parkId);
    const rows = await this.projects.inSubtree(tx, parkId);
    const stats = parkStatistics(
      rows.map((r) => ({
        id: r.id,
        currency: r.currency,
        dates: historyOf(r).dates,
        signedPlannedMinor: r.signed_planned_minor === null ? null : BigInt(r.signed_planned_minor),
        plannedMinor: BigInt(r.planned_minor),
        completedMinor: BigInt(r.completed_minor),
      })),
      (await this.projects.amendmentsInSubtree(tx, parkId)).map((a) => ({
        projectId: a.project_id,
        currency: a.currency,
        effectiveOn: a.effective_on,
        deltaMinor: BigInt(a.delta_minor),
        afterSigning: a.after_signing,
      })),
      { from, to },
      asOf,
      months,
    );
    return {
      parkId,
      signedCount: String(stats.signedCount),
      projectsByStage: STAGES.map((stage) => ({ stage, count: String(stats.projectsByStage[stage]) })),
      stalledProjectIds: stats.stalledProjectIds,
      totals: stats.totals.map((t) => ({
        currency: t.currency,
        signedCount: String(t.signedCount),
        signedPlannedInvestment: { minorUnits: t.signedPlannedMinor.toString(), currency: t.currency },
        completedInvestment: { minorUnits: t.completedMinor.toString(), currency: t.currency },
        plannedInvestmentOfSigned: { minorUnits: t.plannedOfSignedMinor.toString(), currency: t.currency },
        completedShareBasisPoints: String(t.completedShareBasisPoints),
      })),
    };
  }

  /** A project the caller may see, or the same NotFound as a missing one. */
  private visible(tx: EntityManager, caller: Caller, id: string, lock = false): Promise<ProjectRow> {
    return visibleProject({ projects: this.projects, known: this.known }, tx, caller, id, lock);
  }

  /** A project's park and enterprise must be known from the registry's events (and the park in scope). */
  private async assertKnown(tx: EntityManager, caller: Caller, parkId: string, enterpriseId: string): Promise<void> {
    const known = await this.known.known(
      tx,
      isUuid(parkId) ? parkId : null,
      isUuid(enterpriseId) ? enterpriseId : null,
      seesAllParks(caller) ? null : caller.parkScope,
    );
    if (!known.park || !known.inScope) {
      throw new ProjectError(ProjectErrorCode.UnknownPark, ErrorKind.Invalid, `unknown park ${parkId}`, [
        { field: 'parkId', rule: 'known-park', message: `no park ${parkId} is known to the pipeline` },
      ]);
    }
    if (known.parkRetiredOn !== null) {
      throw new ProjectError(ProjectErrorCode.ParkRetired, ErrorKind.Invalid, `park ${parkId} is retired`, [
        { field: 'parkId', rule: 'park-in-use', message: `park ${parkId} is retired since ${known.parkRetiredOn}` },
      ]);
    }
    if (!known.enterprise) {
      throw new ProjectError(
        ProjectErrorCode.UnknownEnterprise,
        ErrorKind.Invalid,
        `unknown enterprise ${enterpriseId}`,
        [
          {
            field: 'enterpriseId',
            rule: 'known-enterprise',
            message: `no enterprise ${enterpriseId} is known to the pipeline`,
          },
        ],
      );
    }
  }

  private sameCurrency(row: ProjectRow, money: Money, field: string): bigint {
    if (money.currency !== row.currency) {
      throw new ProjectError(
        ProjectErrorCode.Invalid,
        ErrorKind.Invalid,
        `${field} must be in ${row.currency}, the project's currency`,
        [{ field, rule: 'currency', message: `in ${row.currency}` }],
      );
    }
    return money.minor;
  }

  private signedEvent(row: ProjectRow, version: bigint): NewEvent {
    return {
      type: 'parkledger.project.signed.v1',
      aggregateId: row.id,
      aggregateVersion: version,
      payload: {
        projectId: row.id,
        parkId: row.park_id,
        enterpriseId: row.enterprise_id,
        industryField: row.industry_field,
        plannedInvestment: { minorUnits: BigInt(row.planned_minor), currency: row.currency },
        signedOn: row.signed_on ?? '',
      },
    };
  }

  private stageEvent(row: ProjectRow, to: Stage, on: string, reason: string): NewEvent {
    const version = BigInt(row.version);
    const base = { aggregateId: row.id, aggregateVersion: version };
    switch (to) {
      case 'LEAD':
        throw new Error('no move leads back to LEAD');
      case 'NEGOTIATING':
        return {
          ...base,
          type: 'parkledger.project.negotiation-started.v1',
          payload: { projectId: row.id, effectiveOn: on },
        };
      case 'SIGNED':
        return this.signedEvent(row, version);
      case 'UNDER_CONSTRUCTION':
        return {
          ...base,
          type: 'parkledger.project.construction-started.v1',
          payload: { projectId: row.id, effectiveOn: on },
        };
      case 'IN_OPERATION':
        return { ...base, type: 'parkledger.project.commissioned.v1', payload: { projectId: row.id, effectiveOn: on } };
      case 'TERMINATED':
        return {
          ...base,
          type: 'parkledger.project.terminated.v1',
          payload: { projectId: row.id, effectiveOn: on, reason },
        };
    }
  }
}
