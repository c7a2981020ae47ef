import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { type LeaveParkDto, type SettleEnterpriseDto, type SettlementsQuery, pageJson } from '../http/dto';
import { nextCursor, settlementView, type SettlementPage, type SettlementView } from '../http/views';
import { type RegistryClient } from '../grpc/registry.client';
import { REGISTRY_CLIENT } from '../grpc/clients.tokens';

@Injectable()
export class SettlementsGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async settle(caller: GatewayCaller, dto: SettleEnterpriseDto): Promise<SettlementView> {
    return settlementView((await this.registry.call('SettleEnterprise', caller, { ...dto })).settlement);
  }

  async leave(caller: GatewayCaller, id: string, dto: LeaveParkDto): Promise<SettlementView> {
    const { settlement } = await this.registry.call('LeavePark', caller, {
      settlementId: id,
      leftOn: dto.leftOn,
    });
    return settlementView(settlement);
  }

  async list(caller: GatewayCaller, query: SettlementsQuery): Promise<SettlementPage> {
    const { settlements, nextCursor: cursor } = await this.registry.call('ListSettlements', caller, {
      page: pageJson(query),
      parkId: query.parkId ?? '',
      enterpriseId: query.enterpriseId ?? '',
      currentOnly: query.current === 'true',
    });
    return { items: (settlements ?? []).map(settlementView), nextCursor: nextCursor(cursor) };
  }
}
