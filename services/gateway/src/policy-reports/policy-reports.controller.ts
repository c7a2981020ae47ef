import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { type Response } from 'express';
import { exportFile, isFileFormat, knownNow, ExportableOkResponse } from '../exports/export-format';
import { awardsReportTable } from './policy-reports.exports';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problem } from '../openapi/problem-responses';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { POLICY_KEY_MALFORMED, POLICY_PATH, PolicyKeyPipe } from '../policy-books/policy-key.pipe';
import { AwardsReportQuery, CapsReportQuery } from './policy-reports.dto';
import { POLICY_BUDGET_READERS, POLICY_REPORT_READERS } from './policy-reports.routes';
import { PolicyReportsGatewayService } from './policy-reports.gateway-service';
import { AwardsReportView, BudgetReportView, CapsReportView } from './policy-reports.views';

const NO_POLICY = ApiResponse({
  status: 404,
  ...problem('no such policy, or one a policy officer does not run: `policy-not-found`'),
});

/**
 * What a policy office reads of a policy: its awards counted and summed, what of each cap an
 * enterprise has left, what of each year's budget is left. Computed by the awards service over
 * its own tables, from one snapshot.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PolicyReportsController {
  constructor(private readonly reports: PolicyReportsGatewayService) {}

  @Get(':policy/reports/awards')
  @Roles(...POLICY_REPORT_READERS)
  @POLICY_PATH
  @POLICY_KEY_MALFORMED
  @NO_POLICY
  @ExportableOkResponse(
    AwardsReportView,
    'the awards of the year (or every year) counted by status as each stands and their money, in all, by item, by enterprise; a park manager’s counts only the awards of enterprises settled in its parks on the award date (scope: parks); format=csv or xlsx: one total, item or enterprise a row',
  )
  async awards(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy', PolicyKeyPipe) policy: string,
    @Query() query: AwardsReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AwardsReportView | StreamableFile> {
    const view = await this.reports.awardsReport(caller, policy, query);
    if (!isFileFormat(query.format)) return view;
    return exportFile(response, query.format, awardsReportTable(view, knownNow()), [
      'awards',
      view.policy,
      view.year === null ? 'all-years' : String(view.year),
      view.scope,
    ]);
  }

  @Get(':policy/reports/caps')
  @Roles(...POLICY_REPORT_READERS)
  @POLICY_PATH
  @POLICY_KEY_MALFORMED
  @ApiResponse({
    status: 404,
    ...problem(
      'no such policy or one a policy officer does not run (`policy-not-found`); an enterprise the awards service does not know, or, for a park manager, not settled in its parks in the year (`enterprise-not-found`)',
    ),
  })
  @ApiOkResponse({
    type: CapsReportView,
    description:
      'each money cap the version in force at the year’s end keeps per enterprise, for the enterprise: bound, used and remaining, per year and in total; 422 `policy-not-in-force` for a year before the policy',
  })
  caps(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy', PolicyKeyPipe) policy: string,
    @Query() query: CapsReportQuery,
  ): Promise<CapsReportView> {
    return this.reports.capsReport(caller, policy, query);
  }

  @Get(':policy/reports/budget')
  @Roles(...POLICY_BUDGET_READERS)
  @POLICY_PATH
  @POLICY_KEY_MALFORMED
  @NO_POLICY
  @ApiOkResponse({
    type: BudgetReportView,
    description: 'each year’s budget (of the version in force at the year’s end), used and remaining',
  })
  budget(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy', PolicyKeyPipe) policy: string,
  ): Promise<BudgetReportView> {
    return this.reports.budgetReport(caller, policy);
  }
}
