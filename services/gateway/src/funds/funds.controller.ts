import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { ChangeCommitmentDto, CommitPartnerDto, FundsQuery, RegisterFundDto } from './fund.dto';
import { FUND_READERS, FUND_REGISTRARS, FUND_WRITERS } from './fund.routes';
import { IDEMPOTENCY } from '../http/idempotency';
import { FundPage, FundView, PartnerList, PartnerResult } from './fund.views';
import { FundsGatewayService } from './funds.gateway-service';

/** Funds and their partners' commitments. A fund manager sees only its funds: another is a 404. */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsGatewayService) {}

  @Post()
  @Roles(...FUND_REGISTRARS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: FundView })
  register(@CurrentCaller() caller: GatewayCaller, @Body() dto: RegisterFundDto): Promise<FundView> {
    return this.funds.register(caller, dto);
  }

  @Get()
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: FundPage, description: 'a fund manager’s own funds; every fund for the others' })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: FundsQuery): Promise<FundPage> {
    return this.funds.list(caller, query);
  }

  @Get(':id')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: FundView })
  get(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<FundView> {
    return this.funds.get(caller, id);
  }

  @Post(':id/partners')
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: PartnerResult, description: 'the partner and the entry that books its commitment' })
  commitPartner(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: CommitPartnerDto,
  ): Promise<PartnerResult> {
    return this.funds.commitPartner(caller, id, dto);
  }

  @Get(':id/partners')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: PartnerList })
  partners(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<PartnerList> {
    return this.funds.partners(caller, id);
  }

  @Post(':id/partners/:partnerId/commitment-changes')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: PartnerResult, description: 'the partner with its new commitment, and the entry' })
  changeCommitment(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('partnerId') partnerId: string,
    @Body() dto: ChangeCommitmentDto,
  ): Promise<PartnerResult> {
    return this.funds.changeCommitment(caller, id, partnerId, dto);
  }
}
