import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { type Response } from 'express';
import { exportFile, isFileFormat, knownNow, ExportableOkResponse } from '../exports/export-format';
import { capitalAccountTable } from './fund.exports';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { AsOfQuery, BalancesQuery, CapitalAccountQuery, ReinvestmentRequirementDto } from './fund.dto';
import { FUND_READERS, FUND_WRITERS } from './fund.routes';
import { IDEMPOTENCY } from '../http/idempotency';
import {
  BalancesView,
  CapitalAccountStatementView,
  FundFiguresView,
  LookThroughView,
  ReinvestmentReportView,
  ReinvestmentRequirementView,
} from './fund.views';
import { FundsGatewayService } from './funds.gateway-service';

/**
 * What a fund's books say: balances and figures, a partner's capital account, a mother fund's
 * look-through into its sub-funds, and the re-investment requirement with its report.
 */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundReportsController {
  constructor(private readonly funds: FundsGatewayService) {}

  @Get(':id/balances')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: BalancesView })
  balances(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: BalancesQuery,
  ): Promise<BalancesView> {
    return this.funds.balances(caller, id, query);
  }

  @Get(':id/figures')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: FundFiguresView })
  figures(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<FundFiguresView> {
    return this.funds.figures(caller, id, query);
  }

  @Get(':id/partners/:partnerId/capital-account')
  @Roles(...FUND_READERS)
  @ExportableOkResponse(
    CapitalAccountStatementView,
    'the partner’s capital account for the period, ILPA’s layout: each movement signed by its effect on the balance; format=csv or xlsx: one line of the statement a row',
  )
  async capitalAccount(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('partnerId') partnerId: string,
    @Query() query: CapitalAccountQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CapitalAccountStatementView | StreamableFile> {
    const view = await this.funds.capitalAccount(caller, id, partnerId, query);
    if (!isFileFormat(query.format)) return view;
    return exportFile(response, query.format, capitalAccountTable(view, knownNow()), [
      'capital-account',
      view.fundId,
      view.partnerId,
      view.from,
      view.to,
    ]);
  }

  @Get(':id/look-through')
  @Roles(...FUND_READERS)
  @ApiOkResponse({
    type: LookThroughView,
    description: 'the fund’s share of its sub-funds’ investments, pro rata to its share of their paid-in capital',
  })
  lookThrough(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<LookThroughView> {
    return this.funds.lookThrough(caller, id, query);
  }

  @Post(':id/reinvestment-requirements')
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({
    type: ReinvestmentRequirementView,
    description: 're-investment (返投): the region the fund must invest in, as a ratio of a partner’s commitment',
  })
  stateRequirement(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ReinvestmentRequirementDto,
  ): Promise<ReinvestmentRequirementView> {
    return this.funds.stateRequirement(caller, id, dto);
  }

  @Get(':id/reinvestment')
  @Roles(...FUND_READERS)
  @ApiOkResponse({
    type: ReinvestmentReportView,
    description: 'what counts toward the requirement stated last by the date, and what is short',
  })
  reinvestment(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<ReinvestmentReportView> {
    return this.funds.reinvestment(caller, id, query);
  }
}
