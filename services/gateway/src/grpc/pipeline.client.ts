import {
  type AdvanceProjectRequestJson,
  type AdvanceProjectResponseJson,
  type AmendPlanRequestJson,
  type AmendPlanResponseJson,
  type GetParkPublicSupportRequestJson,
  type GetParkPublicSupportResponseJson,
  type GetParkStatisticsRequestJson,
  type GetParkStatisticsResponseJson,
  type GetProjectPublicSupportRequestJson,
  type GetProjectPublicSupportResponseJson,
  type GetProjectRequestJson,
  type GetProjectResponseJson,
  type ListProjectsRequestJson,
  type ListProjectsResponseJson,
  type RegisterProjectRequestJson,
  type RegisterProjectResponseJson,
  type ReportInvestmentRequestJson,
  type ReportInvestmentResponseJson,
} from '@parkledger/contracts';
import { type KeyObject } from 'node:crypto';
import { ServiceClient } from './registry.client';

type PipelineRpcs = {
  RegisterProject: [RegisterProjectRequestJson, RegisterProjectResponseJson];
  GetProject: [GetProjectRequestJson, GetProjectResponseJson];
  ListProjects: [ListProjectsRequestJson, ListProjectsResponseJson];
  AdvanceProject: [AdvanceProjectRequestJson, AdvanceProjectResponseJson];
  ReportInvestment: [ReportInvestmentRequestJson, ReportInvestmentResponseJson];
  AmendPlan: [AmendPlanRequestJson, AmendPlanResponseJson];
  GetParkStatistics: [GetParkStatisticsRequestJson, GetParkStatisticsResponseJson];
  GetProjectPublicSupport: [GetProjectPublicSupportRequestJson, GetProjectPublicSupportResponseJson];
  GetParkPublicSupport: [GetParkPublicSupportRequestJson, GetParkPublicSupportResponseJson];
};

/** The project pipeline. */
export class PipelineClient extends ServiceClient<PipelineRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('project-pipeline', 'ProjectPipelineService', url, callerTokenKey);
  }
}
