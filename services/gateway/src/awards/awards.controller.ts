import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { IDEMPOTENCY } from '../http/idempotency';
import {
  AwardsQuery,
  PayAwardDto,
  RecaptureAwardDto,
  ReviewApplicationDto,
  RevokeAwardDto,
  SubmitApplicationDto,
} from './award.dto';
import { AWARD_READERS, AWARD_WRITERS, EVALUATION_READERS } from './award.routes';
import { AwardPage, AwardResult, AwardView, EvaluationView } from './award.views';
import { AwardsGatewayService } from './awards.gateway-service';

/**
 * Applications and the awards they become: submitted, granted (in full or in part) or rejected,
 * paid, revoked before payment, recaptured after it. An award the caller may not see is a 404.
 */
@ApiTags('awards')
@ApiBearerAuth()
@Controller()
export class AwardsController {
  constructor(private readonly awards: AwardsGatewayService) {}

  @Post('applications')
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({
    type: AwardResult,
    description:
      'the application, recorded with what the policy in force on awardOn gives it; an enterprise not settled in a covered park that day is recorded and refused for it',
  })
  submit(@CurrentCaller() caller: GatewayCaller, @Body() dto: SubmitApplicationDto): Promise<AwardResult> {
    return this.awards.submit(caller, dto);
  }

  @Get('awards')
  @Roles(...AWARD_READERS)
  @ApiOkResponse({ type: AwardPage, description: 'the awards the caller may see, oldest first' })
  list(@CurrentCaller() caller: GatewayCaller, @Query() query: AwardsQuery): Promise<AwardPage> {
    return this.awards.list(caller, query);
  }

  @Get('awards/:id')
  @Roles(...AWARD_READERS)
  @ApiOkResponse({ type: AwardView })
  get(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<AwardView> {
    return this.awards.award(caller, id);
  }

  @Get('awards/:id/evaluation')
  @Roles(...EVALUATION_READERS)
  @ApiOkResponse({
    type: EvaluationView,
    description: 'what the policy gives it now, with every step; nothing is written',
  })
  evaluate(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string): Promise<EvaluationView | null> {
    return this.awards.evaluate(caller, id);
  }

  @Post('awards/:id/review')
  @HttpCode(HttpStatus.OK)
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({
    type: AwardResult,
    description:
      'a grant evaluates again under the locks of the caps and the budget it uses: 409 when nothing is left to grant',
  })
  review(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ReviewApplicationDto,
  ): Promise<AwardResult> {
    return this.awards.review(caller, id, dto);
  }

  @Post('awards/:id/payment')
  @HttpCode(HttpStatus.OK)
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AwardView, description: 'the grant paid in full' })
  pay(@CurrentCaller() caller: GatewayCaller, @Param('id') id: string, @Body() dto: PayAwardDto): Promise<AwardView> {
    return this.awards.pay(caller, id, dto);
  }

  @Post('awards/:id/revocation')
  @HttpCode(HttpStatus.OK)
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AwardView, description: 'a grant withdrawn before payment; it frees its share of every cap' })
  revoke(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: RevokeAwardDto,
  ): Promise<AwardView> {
    return this.awards.revoke(caller, id, dto);
  }

  @Post('awards/:id/recaptures')
  @HttpCode(HttpStatus.OK)
  @Roles(...AWARD_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AwardView, description: 'money clawed back, at most what was paid and not yet recaptured' })
  recapture(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: RecaptureAwardDto,
  ): Promise<AwardView> {
    return this.awards.recapture(caller, id, dto);
  }
}
