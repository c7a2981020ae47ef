import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { type Principal } from '../auth/principal';
import { MoveParkDto, ParksQuery, RegisterParkDto, UpdateParkDto } from '../http/dto';
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
  register(@CurrentPrincipal() principal: Principal, @Body() dto: RegisterParkDto): Promise<ParkView> {
    return this.parks.register(principal, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ParksQuery): Promise<ParkPage> {
    return this.parks.list(principal, query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkView })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ParkView> {
    return this.parks.get(principal, id);
  }

  @Get(':id/subtree')
  @Roles(...READERS)
  @ApiOkResponse({ type: ParkSubtree })
  subtree(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ParkSubtree> {
    return this.parks.subtree(principal, id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ParkView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateParkDto,
  ): Promise<ParkView> {
    return this.parks.update(principal, id, dto);
  }

  @Post(':id/move')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: ParkView })
  move(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: MoveParkDto): Promise<ParkView> {
    return this.parks.move(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.parks.remove(principal, id);
  }
}
