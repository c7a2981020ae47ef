import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import {
  type AdvanceProjectRequestJson,
  type AmendPlanRequestJson,
  type GetParkStatisticsRequestJson,
  type GetProjectRequestJson,
  type ListProjectsRequestJson,
  type RegisterProjectRequestJson,
  type ReportInvestmentRequestJson,
} from '@parkledger/contracts';
import { GrpcProblemFilter } from '@parkledger/service-kit';
import { ProjectsService } from '../projects/projects.service';

const SERVICE = 'ProjectPipelineService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class ProjectPipelineGrpcController {
  constructor(private readonly projects: ProjectsService) {}

  @GrpcMethod(SERVICE, 'RegisterProject')
  async registerProject(request: RegisterProjectRequestJson) {
    return { project: await this.projects.register(request) };
  }

  @GrpcMethod(SERVICE, 'GetProject')
  async getProject(request: GetProjectRequestJson) {
    return { project: await this.projects.get(request.caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListProjects')
  listProjects(request: ListProjectsRequestJson) {
    return this.projects.list(request);
  }

  @GrpcMethod(SERVICE, 'AdvanceProject')
  async advanceProject(request: AdvanceProjectRequestJson) {
    return { project: await this.projects.advance(request) };
  }

  @GrpcMethod(SERVICE, 'ReportInvestment')
  async reportInvestment(request: ReportInvestmentRequestJson) {
    return { project: await this.projects.reportInvestment(request) };
  }

  @GrpcMethod(SERVICE, 'AmendPlan')
  async amendPlan(request: AmendPlanRequestJson) {
    return { project: await this.projects.amendPlan(request) };
  }

  @GrpcMethod(SERVICE, 'GetParkStatistics')
  getParkStatistics(request: GetParkStatisticsRequestJson) {
    return this.projects.statistics(request);
  }
}
