import {
  type EvaluateApplicationRequestJson,
  type EvaluateApplicationResponseJson,
  type GetAwardRequestJson,
  type GetAwardResponseJson,
  type GetAwardsReportRequestJson,
  type GetAwardsReportResponseJson,
  type GetBudgetReportRequestJson,
  type GetBudgetReportResponseJson,
  type GetCapsReportRequestJson,
  type GetCapsReportResponseJson,
  type GetPolicyRequestJson,
  type GetPolicyResponseJson,
  type ListAwardsRequestJson,
  type ListAwardsResponseJson,
  type ListPoliciesRequestJson,
  type ListPoliciesResponseJson,
  type PayAwardRequestJson,
  type PayAwardResponseJson,
  type PublishPolicyRequestJson,
  type PublishPolicyResponseJson,
  type RecaptureAwardRequestJson,
  type RecaptureAwardResponseJson,
  type ReviewApplicationRequestJson,
  type ReviewApplicationResponseJson,
  type RevokeAwardRequestJson,
  type RevokeAwardResponseJson,
  type SimulatePolicyRequestJson,
  type SimulatePolicyResponseJson,
  type SubmitApplicationRequestJson,
  type SubmitApplicationResponseJson,
} from '@parkledger/contracts';
import { type KeyObject } from 'node:crypto';
import { ServiceClient } from './registry.client';

/** Each RPC of the awards service: [request, response]. */
type PolicyAwardsRpcs = {
  PublishPolicy: [PublishPolicyRequestJson, PublishPolicyResponseJson];
  GetPolicy: [GetPolicyRequestJson, GetPolicyResponseJson];
  ListPolicies: [ListPoliciesRequestJson, ListPoliciesResponseJson];
  SubmitApplication: [SubmitApplicationRequestJson, SubmitApplicationResponseJson];
  EvaluateApplication: [EvaluateApplicationRequestJson, EvaluateApplicationResponseJson];
  ReviewApplication: [ReviewApplicationRequestJson, ReviewApplicationResponseJson];
  PayAward: [PayAwardRequestJson, PayAwardResponseJson];
  RevokeAward: [RevokeAwardRequestJson, RevokeAwardResponseJson];
  RecaptureAward: [RecaptureAwardRequestJson, RecaptureAwardResponseJson];
  GetAward: [GetAwardRequestJson, GetAwardResponseJson];
  ListAwards: [ListAwardsRequestJson, ListAwardsResponseJson];
  GetAwardsReport: [GetAwardsReportRequestJson, GetAwardsReportResponseJson];
  GetCapsReport: [GetCapsReportRequestJson, GetCapsReportResponseJson];
  GetBudgetReport: [GetBudgetReportRequestJson, GetBudgetReportResponseJson];
  SimulatePolicy: [SimulatePolicyRequestJson, SimulatePolicyResponseJson];
};

/** The policy-awards service. */
export class PolicyAwardsClient extends ServiceClient<PolicyAwardsRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('policy-awards', 'PolicyAwardsService', url, callerTokenKey);
  }
}
