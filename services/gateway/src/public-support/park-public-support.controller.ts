import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PublicSupportQuery } from './public-support.dto';
import { PublicSupportGatewayService } from './public-support.gateway-service';
import { PUBLIC_SUPPORT_READERS } from './public-support.routes';
import { ParkPublicSupportView } from './public-support.views';

/** Public money in versus investment completed, over every project of a park and its subtree. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('parks')
export class ParkPublicSupportController {
  constructor(private readonly support: PublicSupportGatewayService) {}

  @Get(':id/public-support')
  @Roles(...PUBLIC_SUPPORT_READERS)
  @ApiOkResponse({
    type: ParkPublicSupportView,
    description:
      'the same sums over every project of the park and its subtree, of the rows the caller may read (a park outside a park manager’s subtrees is a 404)',
  })
  get(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: PublicSupportQuery,
  ): Promise<ParkPublicSupportView> {
    return this.support.park(caller, id, query);
  }
}
