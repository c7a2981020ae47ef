import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PIPELINE_CLIENT } from '../grpc/clients.tokens';
import { type PipelineClient } from '../grpc/pipeline.client';
import { type PublicSupportQuery } from './public-support.dto';
import {
  parkPublicSupportView,
  projectPublicSupportView,
  type ParkPublicSupportView,
  type ProjectPublicSupportView,
} from './public-support.views';

/** Public support over REST: the pipeline keeps it, from the fund ledger's and the awards service's events. */
@Injectable()
export class PublicSupportGatewayService {
  constructor(@Inject(PIPELINE_CLIENT) private readonly pipeline: PipelineClient) {}

  async project(caller: GatewayCaller, id: string, query: PublicSupportQuery): Promise<ProjectPublicSupportView> {
    return projectPublicSupportView(
      await this.pipeline.call('GetProjectPublicSupport', caller, { id, asOf: query.asOf ?? '' }),
    );
  }

  async park(caller: GatewayCaller, parkId: string, query: PublicSupportQuery): Promise<ParkPublicSupportView> {
    return parkPublicSupportView(
      await this.pipeline.call('GetParkPublicSupport', caller, { parkId, asOf: query.asOf ?? '' }),
    );
  }
}
