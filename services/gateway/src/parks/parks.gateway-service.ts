import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import {
  type MoveParkDto,
  type ParksQuery,
  type RegisterParkDto,
  type RetireParkDto,
  type UpdateParkDto,
  pageJson,
} from '../http/dto';
import { nextCursor, parkView, type ParkPage, type ParkSubtree, type ParkView } from '../http/views';
import { type RegistryClient } from '../grpc/registry.client';
import { REGISTRY_CLIENT } from '../grpc/clients.tokens';

/** Parks over REST: translate to the registry's RPCs and back. */
@Injectable()
export class ParksGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async register(caller: GatewayCaller, dto: RegisterParkDto): Promise<ParkView> {
    const { park } = await this.registry.call('RegisterPark', caller, { ...dto });
    return parkView(park);
  }

  async get(caller: GatewayCaller, id: string): Promise<ParkView> {
    return parkView((await this.registry.call('GetPark', caller, { id })).park);
  }

  async list(caller: GatewayCaller, query: ParksQuery): Promise<ParkPage> {
    const { parks, nextCursor: cursor } = await this.registry.call('ListParks', caller, {
      page: pageJson(query),
      parentId: query.parentId ?? '',
      kind: query.kind ?? '',
      nameContains: query.q ?? '',
      focusIndustry: query.focusIndustry ?? '',
      includeRetired: query.includeRetired === 'true',
    });
    return { items: (parks ?? []).map(parkView), nextCursor: nextCursor(cursor) };
  }

  async subtree(caller: GatewayCaller, id: string): Promise<ParkSubtree> {
    const { parks } = await this.registry.call('GetParkSubtree', caller, { id });
    return { items: (parks ?? []).map(parkView) };
  }

  async update(caller: GatewayCaller, id: string, dto: UpdateParkDto): Promise<ParkView> {
    const { focusIndustries, ...rest } = dto;
    const { park } = await this.registry.call('UpdatePark', caller, {
      id,
      ...rest,
      replaceFocusIndustries: focusIndustries !== undefined,
      focusIndustries: focusIndustries ?? [],
    });
    return parkView(park);
  }

  async move(caller: GatewayCaller, id: string, dto: MoveParkDto): Promise<ParkView> {
    const { park } = await this.registry.call('MovePark', caller, {
      id,
      newParentId: dto.parentId ?? '',
    });
    return parkView(park);
  }

  async remove(caller: GatewayCaller, id: string): Promise<void> {
    await this.registry.call('RemovePark', caller, { id });
  }

  async retire(caller: GatewayCaller, id: string, dto: RetireParkDto): Promise<ParkView> {
    const { park } = await this.registry.call('RetirePark', caller, { id, effectiveDate: dto.effectiveDate });
    return parkView(park);
  }
}
