import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PageQuery } from '../http/dto';
import { IDEMPOTENCY } from '../http/idempotency';
import { PolicyQuery } from './award.dto';
import { AWARD_READERS, AWARD_WRITERS } from './award.routes';
import { PolicyPage, PolicyResult, PolicyVersionView } from './award.views';
import { AwardsGatewayService } from './awards.gateway-service';
import { PolicyDocumentPipe } from './policy-document.pipe';

/** Incentive policies as versioned documents: published, never edited, each version kept. */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly awards: AwardsGatewayService) {}

  @Post()
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({
    schema: { type: 'object', additionalProperties: true },
    description:
      'the policy document (README → Policy awards; services/policy-awards/policies/ has the Jinan 2019 policy): a new policy, or the next version of one. A key it does not know, a key in the wrong place or a value of the wrong kind is a 422 naming its path, e.g. items[9].cap',
  })
  @ApiCreatedResponse({ type: PolicyVersionView, description: 'the version published' })
  publish(
    @CurrentCaller() caller: GatewayCaller,
    // checked by the awards service against the policy format; typed as the pipe's string so the
    // validation pipe (which checks class-typed parameters only) leaves it alone
    @Body(PolicyDocumentPipe) documentJson: string,
  ): Promise<PolicyVersionView> {
    return this.awards.publish(caller, documentJson);
  }

  @Get()
  @Roles(...AWARD_READERS)
  @ApiOkResponse({ type: PolicyPage })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: PageQuery): Promise<PolicyPage> {
    return this.awards.policies(caller, query);
  }

  @Get(':policy')
  @Roles(...AWARD_READERS)
  @ApiOkResponse({ type: PolicyResult, description: 'the version asked for (default: the latest) and the history' })
  get(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy') policy: string,
    @Query() query: PolicyQuery,
  ): Promise<PolicyResult> {
    return this.awards.policy(caller, policy, query);
  }
}
