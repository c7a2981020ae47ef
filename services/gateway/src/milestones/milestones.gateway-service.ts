import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { REGISTRY_CLIENT } from '../grpc/clients.tokens';
import { type RegistryClient } from '../grpc/registry.client';
import { nextCursor } from '../http/views';
import { type MilestonesQuery, type RecordMilestoneDto } from './milestone.dto';
import { milestoneView, type MilestonePage, type MilestoneView } from './milestone.views';
import { pageJson } from '../http/dto';

@Injectable()
export class MilestonesGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async record(caller: GatewayCaller, enterpriseId: string, dto: RecordMilestoneDto): Promise<MilestoneView> {
    const { milestone } = await this.registry.call('RecordMilestone', caller, {
      enterpriseId,
      kind: dto.kind,
      achievedOn: dto.achievedOn,
      factsJson: JSON.stringify(dto.facts),
      projectId: dto.projectId ?? '',
    });
    return milestoneView(milestone);
  }

  async list(caller: GatewayCaller, enterpriseId: string, query: MilestonesQuery): Promise<MilestonePage> {
    const { milestones, nextCursor: cursor } = await this.registry.call('ListMilestones', caller, {
      page: pageJson(query),
      enterpriseId,
      kind: query.kind ?? '',
    });
    return { items: (milestones ?? []).map(milestoneView), nextCursor: nextCursor(cursor) };
  }
}
