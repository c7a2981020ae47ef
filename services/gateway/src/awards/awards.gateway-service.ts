import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { POLICY_AWARDS_CLIENT } from '../grpc/clients.tokens';
import { type PolicyAwardsClient } from '../grpc/policy-awards.client';
import { moneyJson, type PageQuery, pageJson } from '../http/dto';
import { nextCursor } from '../http/views';
import {
  type AwardsQuery,
  type PayAwardDto,
  type PolicyQuery,
  type RecaptureAwardDto,
  type ReviewApplicationDto,
  type RevokeAwardDto,
  type SubmitApplicationDto,
} from './award.dto';
import {
  type AwardPage,
  type AwardResult,
  awardView,
  type AwardView,
  type EvaluationView,
  evaluationView,
  type PolicyPage,
  type PolicyResult,
  policyVersionView,
  type PolicyVersionView,
} from './award.views';

/** Policies, applications and awards over REST: translate to the awards service's RPCs and back. */
@Injectable()
export class AwardsGatewayService {
  constructor(@Inject(POLICY_AWARDS_CLIENT) private readonly awards: PolicyAwardsClient) {}

  async publish(caller: GatewayCaller, documentJson: string): Promise<PolicyVersionView> {
    return policyVersionView((await this.awards.call('PublishPolicy', caller, { documentJson })).version);
  }

  async policy(caller: GatewayCaller, policy: string, query: PolicyQuery): Promise<PolicyResult> {
    const { version, history } = await this.awards.call('GetPolicy', caller, {
      policy,
      version: String(query.version ?? 0),
    });
    return { version: policyVersionView(version), history: (history ?? []).map(policyVersionView) };
  }

  async policies(caller: GatewayCaller, query: PageQuery): Promise<PolicyPage> {
    const { policies, nextCursor: cursor } = await this.awards.call('ListPolicies', caller, { page: pageJson(query) });
    return { items: (policies ?? []).map(policyVersionView), nextCursor: nextCursor(cursor) };
  }

  async submit(caller: GatewayCaller, dto: SubmitApplicationDto): Promise<AwardResult> {
    const { award, evaluation } = await this.awards.call('SubmitApplication', caller, {
      policy: dto.policy,
      item: dto.item,
      enterpriseId: dto.enterpriseId,
      awardOn: dto.awardOn,
      factsJson: JSON.stringify(dto.facts),
      projectId: dto.projectId ?? '',
    });
    return { award: awardView(award), evaluation: evaluationView(evaluation) };
  }

  async evaluate(caller: GatewayCaller, id: string): Promise<EvaluationView | null> {
    return evaluationView((await this.awards.call('EvaluateApplication', caller, { id })).evaluation);
  }

  async review(caller: GatewayCaller, id: string, dto: ReviewApplicationDto): Promise<AwardResult> {
    const { award, evaluation } = await this.awards.call('ReviewApplication', caller, {
      id,
      decision: dto.decision,
      reason: dto.reason ?? '',
      ...(dto.amount === undefined ? {} : { amount: moneyJson(dto.amount) }),
    });
    return { award: awardView(award), evaluation: evaluationView(evaluation) };
  }

  async pay(caller: GatewayCaller, id: string, dto: PayAwardDto): Promise<AwardView> {
    return awardView((await this.awards.call('PayAward', caller, { id, paidOn: dto.paidOn })).award);
  }

  async revoke(caller: GatewayCaller, id: string, dto: RevokeAwardDto): Promise<AwardView> {
    return awardView((await this.awards.call('RevokeAward', caller, { id, reason: dto.reason })).award);
  }

  async recapture(caller: GatewayCaller, id: string, dto: RecaptureAwardDto): Promise<AwardView> {
    const { award } = await this.awards.call('RecaptureAward', caller, {
      id,
      amount: moneyJson(dto.amount),
      recapturedOn: dto.recapturedOn,
      reason: dto.reason,
    });
    return awardView(award);
  }

  async award(caller: GatewayCaller, id: string): Promise<AwardView> {
    return awardView((await this.awards.call('GetAward', caller, { id })).award);
  }

  async list(caller: GatewayCaller, query: AwardsQuery): Promise<AwardPage> {
    const { awards, nextCursor: cursor } = await this.awards.call('ListAwards', caller, {
      page: pageJson(query),
      policy: query.policy ?? '',
      enterpriseId: query.enterpriseId ?? '',
      item: query.item ?? '',
      status: query.status ?? '',
    });
    return { items: (awards ?? []).map(awardView), nextCursor: nextCursor(cursor) };
  }
}
