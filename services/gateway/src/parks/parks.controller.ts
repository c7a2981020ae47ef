import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { MoveParkDto, ParksQuery, RegisterParkDto, RetireParkDto, UpdateParkDto } from '../http/dto';
import { ParkPage, ParkSubtree, ParkView } from '../http/views';
import { ParksGatewayService } from './parks.gateway-service';

const READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
const WRITERS = ['admin', 'park-manager'] as const;
const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key and body gets the first answer',
};

@ApiTags('parks')
@ApiBearerAuth()
@Controller('parks')
export class ParksController {
  constructor(private readonly parks: ParksGatewayService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ParkView })
  register(@CurrentCaller() caller: GatewayCaller, @Body() dto: RegisterParkDto): Promise<ParkView> {
    return this.parks.register(caller, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkPage })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: ParksQuery): Promise<ParkPage> {
    return this.parks.list(caller, query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkView })
  get(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<ParkView> {
    return this.parks.get(caller, id);
  }

  @Get(':id/subtree')
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkSubtree })
  subtree(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<ParkSubtree> {
    return this.parks.subtree(caller, id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ParkView })
  update(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: UpdateParkDto,
  ): Promise<ParkView> {
    return this.parks.update(caller, id, dto);
  }

  @Post(':id/move')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ParkView })
  move(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string, @Body() dto: MoveParkDto): Promise<ParkView> {
    return this.parks.move(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiNoContentResponse()
  remove(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<void> {
    return this.parks.remove(caller, id);
  }

  /** A park that anything referred to is retired from a date, not deleted; it stays readable. */
  @Post(':id/retire')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ParkView })
  retire(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: RetireParkDto,
  ): Promise<ParkView> {
    return this.parks.retire(caller, id, dto);
  }
}
