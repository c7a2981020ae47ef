import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: ProjectPage })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: ProjectsQuery): Promise<ProjectPage> {
    return this.projects.list(caller, query);
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
  @ApiOkResponse({ type: ParkStatisticsView, description: 'the park and its subtree over the period' })
  statistics(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: StatisticsQuery,
  ): Promise<ParkStatisticsView> {
    return this.projects.statistics(caller, id, query);
  }
}
