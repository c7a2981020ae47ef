import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { POLICY_AWARDS_CLIENT } from '../grpc/clients.tokens';
import { type PolicyAwardsClient } from '../grpc/policy-awards.client';
import { type SimulationDto } from './policy-simulations.dto';
import { simulationView, type SimulationView } from './policy-simulations.views';

/** A policy's simulation over REST: the awards service replays its recorded cases. */
@Injectable()
export class PolicySimulationsGatewayService {
  constructor(@Inject(POLICY_AWARDS_CLIENT) private readonly awards: PolicyAwardsClient) {}

  async simulate(caller: GatewayCaller, dto: SimulationDto): Promise<SimulationView> {
    return simulationView(
      await this.awards.call('SimulatePolicy', caller, {
        documentJson: dto.document === undefined ? '' : JSON.stringify(dto.document),
        policy: dto.policy ?? '',
        version: String(dto.version ?? 0),
        from: dto.from,
        to: dto.to,
      }),
    );
  }
}
