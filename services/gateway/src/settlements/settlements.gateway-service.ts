import { Inject, Injectable } from '@nestjs/common';
import { callerOf, type Principal } from '../auth/principal';
import { type LeaveParkDto, type SettleEnterpriseDto, type SettlementsQuery } from '../http/dto';
import { nextCursor, settlementView, type SettlementPage, type SettlementView } from '../http/views';
import { type RegistryClient } from '../registry/registry.client';
import { REGISTRY_CLIENT } from '../registry/registry.tokens';

@Injectable()
export class SettlementsGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async settle(principal: Principal, dto: SettleEnterpriseDto): Promise<SettlementView> {
    return settlementView(
      (await this.registry.call('SettleEnterprise', { caller: callerOf(principal), ...dto })).settlement,
    );
  }

  async leave(principal: Principal, id: string, dto: LeaveParkDto): Promise<SettlementView> {
    const { settlement } = await this.registry.call('LeavePark', {
      caller: callerOf(principal),
      settlementId: id,
      leftOn: dto.leftOn,
    });
    return settlementView(settlement);
  }

  async list(principal: Principal, query: SettlementsQuery): Promise<SettlementPage> {
    const { settlements, nextCursor: cursor } = await this.registry.call('ListSettlements', {
      caller: callerOf(principal),
      page: { cursor: query.cursor ?? '', limit: query.limit ?? 0 },
      parkId: query.parkId ?? '',
      enterpriseId: query.enterpriseId ?? '',
      currentOnly: query.current === 'true',
    });
    return { items: (settlements ?? []).map(settlementView), nextCursor: nextCursor(cursor) };
  }
}
