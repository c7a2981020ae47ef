import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { IDEMPOTENCY } from '../http/idempotency';
import { MilestonesQuery, RecordMilestoneDto } from './milestone.dto';
import { MilestonePage, MilestoneView } from './milestone.views';
import { MilestonesGatewayService } from './milestones.gateway-service';

/** Whoever reads enterprises reads their files (a park manager only of one settled now in its parks). */
const READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
/** A regulator's feed is entered by admins and policy officers. */
const WRITERS = ['admin', 'policy-officer'] as const;

/** The enterprise's file (一企一档): its milestones. */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesGatewayService) {}

  @Post(':id/milestones')
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({
    type: MilestoneView,
    description: 'recorded in the enterprise’s file, with an event of the enterprise at its next version',
  })
  record(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: RecordMilestoneDto,
  ): Promise<MilestoneView> {
    return this.milestones.record(caller, id, dto);
  }

  @Get(':id/milestones')
  @Roles(...READERS)
  @ApiOkResponse({ type: MilestonePage })
  list(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: MilestonesQuery,
  ): Promise<MilestonePage> {
    return this.milestones.list(caller, id, query);
  }
}
