import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { POLICY_AWARDS_CLIENT } from '../grpc/clients.tokens';
import { type PolicyAwardsClient } from '../grpc/policy-awards.client';
import { type AwardsReportQuery, type CapsReportQuery } from './policy-reports.dto';
import {
  awardsReportView,
  type AwardsReportView,
  budgetReportView,
  type BudgetReportView,
  capsReportView,
  type CapsReportView,
} from './policy-reports.views';

/** A policy's reports over REST: the awards service computes them over its own tables. */
@Injectable()
export class PolicyReportsGatewayService {
  constructor(@Inject(POLICY_AWARDS_CLIENT) private readonly awards: PolicyAwardsClient) {}

  async awardsReport(caller: GatewayCaller, policy: string, query: AwardsReportQuery): Promise<AwardsReportView> {
    return awardsReportView(
      await this.awards.call('GetAwardsReport', caller, { policy, year: String(query.year ?? 0) }),
    );
  }

  async capsReport(caller: GatewayCaller, policy: string, query: CapsReportQuery): Promise<CapsReportView> {
    return capsReportView(
      await this.awards.call('GetCapsReport', caller, {
        policy,
        enterpriseId: query.enterpriseId,
        year: String(query.year ?? 0),
      }),
    );
  }

  async budgetReport(caller: GatewayCaller, policy: string): Promise<BudgetReportView> {
    return budgetReportView(await this.awards.call('GetBudgetReport', caller, { policy }));
  }
}
