import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PageQuery } from '../http/dto';
import {
  AsOfQuery,
  CallCapitalDto,
  ChargeFeeDto,
  DistributeDto,
  MakeInvestmentDto,
  RealiseExitDto,
  ReceiveContributionDto,
  ValueInvestmentDto,
  WriteOffDto,
} from './fund.dto';
import { FUND_READERS, FUND_WRITERS } from './fund.routes';
import { IDEMPOTENCY } from '../http/idempotency';
import {
  CapitalCallResult,
  DistributionResult,
  EntryResult,
  ExitResult,
  InvestmentPage,
  InvestmentResult,
  OverdueView,
  ValuationResult,
} from './fund.views';
import { FundsGatewayService } from './funds.gateway-service';

/** What moves a fund's money: calls and contributions, investments and their fate, distributions and fees. */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundOperationsController {
  constructor(private readonly funds: FundsGatewayService) {}

  @Post(':id/capital-calls')
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: CapitalCallResult, description: 'the call, split over the partners, and its entry' })
  callCapital(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: CallCapitalDto,
  ): Promise<CapitalCallResult> {
    return this.funds.callCapital(caller, id, dto);
  }

  @Post(':id/contributions')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EntryResult, description: 'a partner’s payment on a call' })
  receiveContribution(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ReceiveContributionDto,
  ): Promise<EntryResult> {
    return this.funds.receiveContribution(caller, id, dto);
  }

  @Get(':id/overdue')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: OverdueView })
  overdue(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<OverdueView> {
    return this.funds.overdue(caller, id, query);
  }

  @Post(':id/investments')
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: InvestmentResult })
  invest(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: MakeInvestmentDto,
  ): Promise<InvestmentResult> {
    return this.funds.invest(caller, id, dto);
  }

  @Get(':id/investments')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: InvestmentPage })
  investments(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<InvestmentPage> {
    return this.funds.investments(caller, id, query);
  }

  @Post(':id/investments/:investmentId/valuations')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ValuationResult })
  value(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('investmentId') investmentId: string,
    @Body() dto: ValueInvestmentDto,
  ): Promise<ValuationResult> {
    return this.funds.value(caller, id, investmentId, dto);
  }

  @Post(':id/investments/:investmentId/exits')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ExitResult })
  exit(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('investmentId') investmentId: string,
    @Body() dto: RealiseExitDto,
  ): Promise<ExitResult> {
    return this.funds.exit(caller, id, investmentId, dto);
  }

  @Post(':id/investments/:investmentId/write-offs')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EntryResult })
  writeOff(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('investmentId') investmentId: string,
    @Body() dto: WriteOffDto,
  ): Promise<EntryResult> {
    return this.funds.writeOff(caller, id, investmentId, dto);
  }

  @Post(':id/distributions')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: DistributionResult })
  distribute(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: DistributeDto,
  ): Promise<DistributionResult> {
    return this.funds.distribute(caller, id, dto);
  }

  @Post(':id/fees')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EntryResult })
  chargeFee(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ChargeFeeDto,
  ): Promise<EntryResult> {
    return this.funds.chargeFee(caller, id, dto);
  }
}
