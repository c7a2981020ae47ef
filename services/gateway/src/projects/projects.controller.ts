import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { type Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problem } from '../openapi/problem-responses';
import { type GatewayCaller } from '../auth/gateway-caller';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import {
  AdvanceProjectDto,
  AmendPlanDto,
  ProjectsQuery,
  RegisterProjectDto,
  ReportInvestmentDto,
  StatisticsQuery,
} from './project.dto';
import { ParkStatisticsView, ProjectPage, ProjectView } from './project.views';
import { ProjectsGatewayService } from './projects.gateway-service';
import { exportFile, isFileFormat, knownNow, ExportableOkResponse } from '../exports/export-format';
import { parkStatisticsTable, projectsTable } from './project.exports';

const READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
const WRITERS = ['admin', 'park-manager'] as const;
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false };

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsGatewayService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ProjectView })
  register(@CurrentCaller() caller: GatewayCaller, @Body() dto: RegisterProjectDto): Promise<ProjectView> {
    return this.projects.register(caller, dto);
  }

  @Get()
  @Roles(...READERS)
  @ExportableOkResponse(
    ProjectPage,
    'a page of projects; format=csv or xlsx: every page the filter gives, from the cursor or the first, one project a row',
  )
  @ApiResponse({ status: 413, ...problem('an export of more than 10,000 projects: `export-too-large`') })
  async list(
    @CurrentCaller() caller: GatewayCaller,
    @Query() query: ProjectsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProjectPage | StreamableFile> {
    if (!isFileFormat(query.format)) return this.projects.list(caller, query);
    const projects = await this.projects.listAll(caller, query);
    return exportFile(response, query.format, projectsTable(projects, query, knownNow()), [
      'projects',
      query.parkId ?? '',
      query.signedFrom ?? '',
      query.signedTo ?? '',
    ]);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ProjectView })
  get(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<ProjectView> {
    return this.projects.get(caller, id);
  }

  @Post(':id/stage')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({
    type: ProjectView,
    description: '409 for an illegal move, 422 for a date before the previous stage',
  })
  advance(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: AdvanceProjectDto,
  ): Promise<ProjectView> {
    return this.projects.advance(caller, id, dto);
  }

  @Post(':id/investment-reports')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ProjectView })
  report(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ReportInvestmentDto,
  ): Promise<ProjectView> {
    return this.projects.report(caller, id, dto);
  }

  @Post(':id/plan-amendments')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ProjectView })
  amend(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: AmendPlanDto,
  ): Promise<ProjectView> {
    return this.projects.amend(caller, id, dto);
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@Controller('parks')
export class ParkStatisticsController {
  constructor(private readonly projects: ProjectsGatewayService) {}

  @Get(':id/statistics')
  @Roles(...READERS)
  @ExportableOkResponse(
    ParkStatisticsView,
    'the park and its subtree over the period; format=csv or xlsx: one figure a row',
  )
  async statistics(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: StatisticsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ParkStatisticsView | StreamableFile> {
    const view = await this.projects.statistics(caller, id, query);
    if (!isFileFormat(query.format)) return view;
    return exportFile(response, query.format, parkStatisticsTable(view, query, knownNow()), [
      'park-statistics',
      view.parkId,
      query.from,
      query.to,
    ]);
  }
}
