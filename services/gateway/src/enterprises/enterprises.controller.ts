import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { EnterprisesQuery, RegisterEnterpriseDto, UpdateEnterpriseDto } from '../http/dto';
import { EnterprisePage, EnterpriseView } from '../http/views';
import { EnterprisesGatewayService } from './enterprises.gateway-service';

const READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
const WRITERS = ['admin', 'park-manager'] as const;
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false };

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesGatewayService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: EnterpriseView })
  register(@CurrentCaller() caller: GatewayCaller, @Body() dto: RegisterEnterpriseDto): Promise<EnterpriseView> {
    return this.enterprises.register(caller, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: EnterprisePage })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: EnterprisesQuery): Promise<EnterprisePage> {
    return this.enterprises.list(caller, query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: EnterpriseView })
  get(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<EnterpriseView> {
    return this.enterprises.get(caller, id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EnterpriseView })
  update(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: UpdateEnterpriseDto,
  ): Promise<EnterpriseView> {
    return this.enterprises.update(caller, id, dto);
  }
}
