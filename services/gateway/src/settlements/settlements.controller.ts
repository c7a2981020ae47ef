import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { LeaveParkDto, SettleEnterpriseDto, SettlementsQuery } from '../http/dto';
import { SettlementPage, SettlementView } from '../http/views';
import { SettlementsGatewayService } from './settlements.gateway-service';

const READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
const WRITERS = ['admin', 'park-manager'] as const;
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false };

@ApiTags('settlements')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementsController {
  constructor(private readonly settlements: SettlementsGatewayService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: SettlementView })
  settle(@CurrentCaller() caller: GatewayCaller, @Body() dto: SettleEnterpriseDto): Promise<SettlementView> {
    return this.settlements.settle(caller, dto);
  }

  @Post(':id/leave')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: SettlementView })
  leave(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: LeaveParkDto,
  ): Promise<SettlementView> {
    return this.settlements.leave(caller, id, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: SettlementPage })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: SettlementsQuery): Promise<SettlementPage> {
    return this.settlements.list(caller, query);
  }
}
