import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { SimulationDto } from './policy-simulations.dto';
import { SIMULATION_RUNNERS } from './policy-simulations.routes';
import { PolicySimulationsGatewayService } from './policy-simulations.gateway-service';
import { SimulationView } from './policy-simulations.views';

/**
 * "What if the policy had said this?": a draft policy, or a published version, replayed over the
 * cases of a past period the awards service recorded, against what was actually granted. A
 * question, not a change: nothing is written, so it takes no Idempotency-Key.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PolicySimulationsController {
  constructor(private readonly simulations: PolicySimulationsGatewayService) {}

  @Post('simulations')
  @HttpCode(HttpStatus.OK)
  @Roles(...SIMULATION_RUNNERS)
  @ApiOkResponse({
    type: SimulationView,
    description: [
      'Replays, in award-date order, every case of the period the awards service recorded under the policy: its applications (item and facts as given) and the awards its milestones gave.',
      'Each is evaluated under the draft against the awards standing: those dated before the period as they stand, then what the replay grants, so a grant counts against later cases.',
      'What people decided is kept: a submitted case is left out, a revoked one stands in neither, a reviewer’s rejection of what the policy gave stays rejected, a reviewer’s grant in part is the most the draft gives, a recapture takes as much again.',
      'A milestone recorded with its facts has the draft’s triggers applied again (an item they now give is a new case; a proposal to confirm counts as confirmed); milestones that gave the published policy nothing were not recorded and are not seen, and awards given before milestones were kept replay on their recorded item facts.',
      'Eligibility is the draft’s parks; the draft’s effective date is not applied. Nothing is written (a read-only transaction).',
      '422: the draft’s problems each named document.<path>; to before from; a document with policy or version; for a re-run, no such published policy or version (`policy-not-found`, naming policy or version); more than 50,000 cases; awards in another currency. 403: not an admin, or an officer of another policy.',
    ].join(' '),
  })
  simulate(@CurrentCaller() caller: GatewayCaller, @Body() dto: SimulationDto): Promise<SimulationView> {
    return this.simulations.simulate(caller, dto);
  }
}
