import { type Caller, FieldCheck, isCalendarDate, once, pageRequest, seesAllParks } from '@parkledger/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import {
  MILESTONE_KINDS,
  withArticle,
  type ListMilestonesRequestJson,
  type ListMilestonesResponseJson,
  type MilestoneJson,
  type MilestoneKind,
  type PageJson,
  type RecordMilestoneRequestJson,
  type Role,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { DomainError, ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { REGISTRY_OUTBOX } from '../common/tokens';
import { EnterpriseError, EnterpriseErrorCode } from '../enterprises/enterprise.errors';
import { EnterprisesRepository, type EnterpriseRow } from '../enterprises/enterprises.repository';
import { orderedFacts, readMilestoneFacts, type MilestoneFacts } from './milestone-facts';
import { MilestoneErrorCode } from './milestone.errors';
import { MilestonesRepository, type MilestoneKey, type MilestoneRow } from './milestones.repository';

/** Who records milestones: a regulator's feed is entered by an admin or a policy officer. */
const RECORDERS: readonly Role[] = ['admin', 'policy-officer'];

/** Today's date in UTC, as the services read "today". */
const today = (): string => new Date().toISOString().slice(0, 10);

export function milestoneJson(row: MilestoneRow): MilestoneJson {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    kind: row.kind,
    achievedOn: row.achieved_on,
    factsJson: JSON.stringify(orderedFacts(row.kind, row.facts)),
    recordedAt: row.recorded_at,
    projectId: row.project_id ?? '',
  };
}

const notFound = (id: string) =>
  new EnterpriseError(EnterpriseErrorCode.NotFound, ErrorKind.NotFound, `no enterprise ${id}`);

const badCursor = () =>
  new DomainError('page-invalid', ErrorKind.Invalid, 'the cursor is not one this API gave out', [
    { field: 'cursor', rule: 'cursor', message: 'use next_cursor from the previous page' },
  ]);

/** The cursor of a page that ends with this milestone: its place in the file's order. */
const cursorAfter = (row: MilestoneRow): string => Buffer.from(`${row.achieved_on}/${row.id}`).toString('base64url');

/** A page of the file: the limit as every list takes it, and where the previous page ended. */
function milestonePage(page: PageJson | undefined): { after: MilestoneKey | undefined; limit: number } {
  const { limit } = pageRequest({ limit: page?.limit ?? 0 });
  const cursor = page?.cursor ?? '';
  if (cursor === '') return { after: undefined, limit };
  const [achievedOn = '', id = '', ...more] = Buffer.from(cursor, 'base64url').toString().split('/');
  if (more.length > 0 || !isCalendarDate(achievedOn) || !isUuid(id)) throw badCursor();
  return { after: { achievedOn, id }, limit };
}

/**
 * The enterprise's file (一企一档): milestones as a regulator's feed records them. Recording one is an
 * event of the enterprise (its next version), with the parks it was settled in on the day and
 * their ancestors. Admins and policy officers record them; whoever reads enterprises reads the file,
 * a park manager only of an enterprise settled now in its subtrees (any other is a 404).
 */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly milestones: MilestonesRepository,
    private readonly enterprises: EnterprisesRepository,
    @Inject(REGISTRY_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async record(caller: Caller, request: RecordMilestoneRequestJson): Promise<MilestoneJson> {
    if (!RECORDERS.includes(caller.role)) {
      throw new DomainError(
        'forbidden',
        ErrorKind.Forbidden,
        `${withArticle(caller.role)} cannot record an enterprise's milestones`,
      );
    }
    const check = new FieldCheck(MilestoneErrorCode.Invalid);
    const kind = MILESTONE_KINDS.find((k) => k === request.kind);
    check.oneOf('kind', request.kind, MILESTONE_KINDS);
    const achievedOn = check.date('achievedOn', request.achievedOn) ?? '';
    const latest = today();
    if (isCalendarDate(achievedOn) && achievedOn > latest) {
      check.fail('achievedOn', 'not-future', `achievedOn ${achievedOn} is after today (${latest})`);
    }
    let facts: MilestoneFacts = {};
    if (kind !== undefined) {
      const read = readMilestoneFacts(kind, request.factsJson ?? '');
      read.problems.forEach((p) => check.fail(p.field, p.rule, p.message));
      facts = read.facts;
    }
    const projectId = request.projectId ?? '';
    if (projectId !== '' && !isUuid(projectId))
      check.fail('projectId', 'uuid', 'projectId must be a project id (a UUID)');
    check.done();
    const id = request.enterpriseId ?? '';
    return once(this.dataSource, caller, async (tx) => {
      const enterprise = isUuid(id) ? await this.enterprises.find(tx, id, true) : undefined;
      if (enterprise === undefined) throw notFound(id);
      const version = String(BigInt(enterprise.version) + 1n);
      await this.enterprises.setVersion(tx, enterprise.id, version);
      const recordedAt = new Date();
      const row: MilestoneRow = {
        id: uuidv7(),
        enterprise_id: enterprise.id,
        kind: kind as MilestoneKind,
        achieved_on: achievedOn,
        facts,
        recorded_at: recordedAt.toISOString(),
        recorded_by: caller.subject,
        request_key: caller.request?.key ?? null,
        project_id: projectId === '' ? null : projectId,
      };
      await this.milestones.insert(tx, row);
      const settledIn = await this.milestones.settledIn(tx, enterprise.id, achievedOn);
      const milestone = milestoneJson(row);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.enterprise.milestone-recorded.v1',
          aggregateId: enterprise.id,
          aggregateVersion: BigInt(version),
          occurredAt: recordedAt,
          payload: {
            milestone,
            enterpriseVersion: BigInt(version),
            settledIn,
            recorderRole: caller.role,
            recorderPolicies: [...caller.policyScope],
          },
        },
      ]);
      return milestone;
    });
  }

  async list(caller: Caller, request: ListMilestonesRequestJson): Promise<ListMilestonesResponseJson> {
    const page = milestonePage(request.page);
    const check = new FieldCheck(MilestoneErrorCode.Invalid);
    const kind = (request.kind ?? '') === '' ? undefined : check.oneOf('kind', request.kind, MILESTONE_KINDS);
    check.done();
    const executor = this.dataSource.manager;
    const enterprise = await this.readable(executor, caller, request.enterpriseId ?? '');
    const rows = await this.milestones.list(executor, enterprise.id, kind === undefined ? {} : { kind }, page);
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      milestones: items.map(milestoneJson),
      nextCursor: rows.length > page.limit && last !== undefined ? cursorAfter(last) : '',
    };
  }

  /**
   * The enterprise, when the caller may read its file: every role reads enterprises, a park manager
   * the file only of one settled now in its subtrees. Any other answers exactly as a missing one.
   */
  private async readable(executor: EntityManager, caller: Caller, id: string): Promise<EnterpriseRow> {
    const enterprise = isUuid(id) ? await this.enterprises.find(executor, id) : undefined;
    if (enterprise === undefined) throw notFound(id);
    if (seesAllParks(caller) || (await this.enterprises.settledWithin(executor, id, caller.parkScope))) {
      return enterprise;
    }
    throw notFound(id);
  }
}
