import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PublicSupportQuery } from './public-support.dto';
import { PublicSupportGatewayService } from './public-support.gateway-service';
import { PUBLIC_SUPPORT_READERS } from './public-support.routes';
import { ProjectPublicSupportView } from './public-support.views';

/** Total public support for a project: the fund money invested in it and the award money paid for it. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectPublicSupportController {
  constructor(private readonly support: PublicSupportGatewayService) {}

  @Get(':id/public-support')
  @Roles(...PUBLIC_SUPPORT_READERS)
  @ApiOkResponse({
    type: ProjectPublicSupportView,
    description:
      'fund money invested per fund and award money paid per policy, their sum and its share of the completed investment, of the rows the caller may read (a project outside a park manager’s parks is a 404)',
  })
  get(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: PublicSupportQuery,
  ): Promise<ProjectPublicSupportView> {
    return this.support.project(caller, id, query);
  }
}
