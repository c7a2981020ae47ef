import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type AdvanceProjectRequestJson,
  type AmendPlanRequestJson,
  type GetParkPublicSupportRequestJson,
  type GetParkStatisticsRequestJson,
  type GetProjectPublicSupportRequestJson,
  type GetProjectRequestJson,
  type ListProjectsRequestJson,
  type RegisterProjectRequestJson,
  type ReportInvestmentRequestJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { ProjectsService } from '../projects/projects.service';
import { PublicSupportService } from '../public-support/public-support.service';

const SERVICE = 'ProjectPipelineService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class ProjectPipelineGrpcController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly support: PublicSupportService,
  ) {}

  @GrpcMethod(SERVICE, 'RegisterProject')
  async registerProject(@Payload() request: RegisterProjectRequestJson, @VerifiedCaller() caller: Caller) {
    return { project: await this.projects.register(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetProject')
  async getProject(@Payload() request: GetProjectRequestJson, @VerifiedCaller() caller: Caller) {
    return { project: await this.projects.get(caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListProjects')
  listProjects(@Payload() request: ListProjectsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.projects.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'AdvanceProject')
  async advanceProject(@Payload() request: AdvanceProjectRequestJson, @VerifiedCaller() caller: Caller) {
    return { project: await this.projects.advance(caller, request) };
  }

  @GrpcMethod(SERVICE, 'ReportInvestment')
  async reportInvestment(@Payload() request: ReportInvestmentRequestJson, @VerifiedCaller() caller: Caller) {
    return { project: await this.projects.reportInvestment(caller, request) };
  }

  @GrpcMethod(SERVICE, 'AmendPlan')
  async amendPlan(@Payload() request: AmendPlanRequestJson, @VerifiedCaller() caller: Caller) {
    return { project: await this.projects.amendPlan(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetParkStatistics')
  getParkStatistics(@Payload() request: GetParkStatisticsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.projects.statistics(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetProjectPublicSupport')
  getProjectPublicSupport(@Payload() request: GetProjectPublicSupportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.support.forProject(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetParkPublicSupport')
  getParkPublicSupport(@Payload() request: GetParkPublicSupportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.support.forPark(caller, request);
  }
}
