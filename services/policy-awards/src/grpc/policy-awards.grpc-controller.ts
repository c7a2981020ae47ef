import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type EvaluateApplicationRequestJson,
  type GetAwardRequestJson,
  type GetAwardsReportRequestJson,
  type GetBudgetReportRequestJson,
  type GetCapsReportRequestJson,
  type GetPolicyRequestJson,
  type ListAwardsRequestJson,
  type ListPoliciesRequestJson,
  type PayAwardRequestJson,
  type PublishPolicyRequestJson,
  type RecaptureAwardRequestJson,
  type ReviewApplicationRequestJson,
  type RevokeAwardRequestJson,
  type SimulatePolicyRequestJson,
  type SubmitApplicationRequestJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { ApplicationsService } from '../awards/applications.service';
import { AwardLifecycleService } from '../awards/award-lifecycle.service';
import { AwardsQueriesService } from '../awards/awards-queries.service';
import { PoliciesService } from '../policies/policies.service';
import { ReportsService } from '../reports/reports.service';
import { SimulationService } from '../simulation/simulation.service';

const SERVICE = 'PolicyAwardsService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class PolicyAwardsGrpcController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly applications: ApplicationsService,
    private readonly lifecycle: AwardLifecycleService,
    private readonly queries: AwardsQueriesService,
    private readonly reports: ReportsService,
    private readonly simulation: SimulationService,
  ) {}

  @GrpcMethod(SERVICE, 'PublishPolicy')
  publishPolicy(@Payload() request: PublishPolicyRequestJson, @VerifiedCaller() caller: Caller) {
    return this.policies.publish(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetPolicy')
  getPolicy(@Payload() request: GetPolicyRequestJson, @VerifiedCaller() caller: Caller) {
    return this.policies.get(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListPolicies')
  listPolicies(@Payload() request: ListPoliciesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.policies.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'SubmitApplication')
  submitApplication(@Payload() request: SubmitApplicationRequestJson, @VerifiedCaller() caller: Caller) {
    return this.applications.submit(caller, request);
  }

  @GrpcMethod(SERVICE, 'EvaluateApplication')
  evaluateApplication(@Payload() request: EvaluateApplicationRequestJson, @VerifiedCaller() caller: Caller) {
    return this.applications.evaluate(caller, request);
  }

  @GrpcMethod(SERVICE, 'ReviewApplication')
  reviewApplication(@Payload() request: ReviewApplicationRequestJson, @VerifiedCaller() caller: Caller) {
    return this.applications.review(caller, request);
  }

  @GrpcMethod(SERVICE, 'PayAward')
  payAward(@Payload() request: PayAwardRequestJson, @VerifiedCaller() caller: Caller) {
    return this.lifecycle.pay(caller, request);
  }

  @GrpcMethod(SERVICE, 'RevokeAward')
  revokeAward(@Payload() request: RevokeAwardRequestJson, @VerifiedCaller() caller: Caller) {
    return this.lifecycle.revoke(caller, request);
  }

  @GrpcMethod(SERVICE, 'RecaptureAward')
  recaptureAward(@Payload() request: RecaptureAwardRequestJson, @VerifiedCaller() caller: Caller) {
    return this.lifecycle.recapture(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetAward')
  getAward(@Payload() request: GetAwardRequestJson, @VerifiedCaller() caller: Caller) {
    return this.queries.get(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListAwards')
  listAwards(@Payload() request: ListAwardsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.queries.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetAwardsReport')
  getAwardsReport(@Payload() request: GetAwardsReportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.awards(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetCapsReport')
  getCapsReport(@Payload() request: GetCapsReportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.caps(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetBudgetReport')
  getBudgetReport(@Payload() request: GetBudgetReportRequestJson, @VerifiedCaller() caller: Caller) {
    return this.reports.budget(caller, request);
  }

  @GrpcMethod(SERVICE, 'SimulatePolicy')
  simulatePolicy(@Payload() request: SimulatePolicyRequestJson, @VerifiedCaller() caller: Caller) {
    return this.simulation.simulate(caller, request);
  }
}
