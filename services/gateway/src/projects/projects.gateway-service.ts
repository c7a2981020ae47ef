import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PIPELINE_CLIENT } from '../grpc/clients.tokens';
import { type PipelineClient } from '../grpc/pipeline.client';
import { moneyJson, pageJson } from '../http/dto';
import { nextCursor } from '../http/views';
import { EXPORT_MAX_ROWS, EXPORT_PAGE_SIZE, exportTooLarge } from '../exports/export-limits';
import {
  type AdvanceProjectDto,
  type AmendPlanDto,
  type ProjectsQuery,
  type RegisterProjectDto,
  type ReportInvestmentDto,
  type StatisticsQuery,
} from './project.dto';
import {
  projectView,
  statisticsView,
  type ParkStatisticsView,
  type ProjectPage,
  type ProjectView,
} from './project.views';

/** Projects over REST: translate to the pipeline's RPCs and back. */
@Injectable()
export class ProjectsGatewayService {
  constructor(@Inject(PIPELINE_CLIENT) private readonly pipeline: PipelineClient) {}

  async register(caller: GatewayCaller, dto: RegisterProjectDto): Promise<ProjectView> {
    const { project } = await this.pipeline.call('RegisterProject', caller, {
      ...dto,
      plannedInvestment: moneyJson(dto.plannedInvestment),
      stage: dto.stage ?? 'LEAD',
    });
    return projectView(project);
  }

  async get(caller: GatewayCaller, id: string): Promise<ProjectView> {
    return projectView((await this.pipeline.call('GetProject', caller, { id })).project);
  }

  async list(caller: GatewayCaller, query: ProjectsQuery): Promise<ProjectPage> {
    const { projects, nextCursor: cursor } = await this.pipeline.call('ListProjects', caller, {
      page: pageJson(query),
      parkId: query.parkId ?? '',
      stage: query.stage ?? '',
      industryField: query.industryField ?? '',
      signedFrom: query.signedFrom ?? '',
      signedTo: query.signedTo ?? '',
    });
    return { items: (projects ?? []).map(projectView), nextCursor: nextCursor(cursor) };
  }

  /**
   * Every project the list's filter and the caller's scope give, page after page from the query's
   * cursor (or the first page), for an export. More than EXPORT_MAX_ROWS is refused: narrow the filter.
   */
  async listAll(caller: GatewayCaller, query: ProjectsQuery): Promise<ProjectView[]> {
    const all: ProjectView[] = [];
    let cursor: string | null = query.cursor ?? null;
    do {
      const page = await this.list(caller, {
        ...query,
        limit: EXPORT_PAGE_SIZE,
        ...(cursor === null ? {} : { cursor }),
      });
      all.push(...page.items);
      if (all.length > EXPORT_MAX_ROWS) throw exportTooLarge(EXPORT_MAX_ROWS);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }

  async advance(caller: GatewayCaller, id: string, dto: AdvanceProjectDto): Promise<ProjectView> {
    return projectView((await this.pipeline.call('AdvanceProject', caller, { id, ...dto })).project);
  }

  async report(caller: GatewayCaller, id: string, dto: ReportInvestmentDto): Promise<ProjectView> {
    const { project } = await this.pipeline.call('ReportInvestment', caller, {
      id,
      asOf: dto.asOf,
      completedInvestment: moneyJson(dto.completedInvestment),
      correctionReason: dto.correctionReason ?? '',
    });
    return projectView(project);
  }

  async amend(caller: GatewayCaller, id: string, dto: AmendPlanDto): Promise<ProjectView> {
    const { project } = await this.pipeline.call('AmendPlan', caller, {
      id,
      effectiveOn: dto.effectiveOn,
      delta: moneyJson(dto.delta),
      reason: dto.reason ?? '',
    });
    return projectView(project);
  }

  async statistics(caller: GatewayCaller, parkId: string, query: StatisticsQuery): Promise<ParkStatisticsView> {
    return statisticsView(
      await this.pipeline.call('GetParkStatistics', caller, {
        parkId,
        from: query.from,
        to: query.to,
        stalledAfterMonths: query.stalledAfterMonths ?? 6,
        asOf: query.asOf ?? '',
      }),
    );
  }
}
