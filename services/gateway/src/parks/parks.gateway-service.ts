import { Inject, Injectable } from '@nestjs/common';
import { callerOf, type Principal } from '../auth/principal';
import { type MoveParkDto, type ParksQuery, type RegisterParkDto, type UpdateParkDto } from '../http/dto';
import { nextCursor, parkView, type ParkPage, type ParkSubtree, type ParkView } from '../http/views';
import { type RegistryClient } from '../registry/registry.client';
import { REGISTRY_CLIENT } from '../registry/registry.tokens';

/** Parks over REST: translate to the registry's RPCs and back. */
@Injectable()
export class ParksGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async register(principal: Principal, dto: RegisterParkDto): Promise<ParkView> {
    const { park } = await this.registry.call('RegisterPark', { caller: callerOf(principal), ...dto });
    return parkView(park);
  }

  async get(principal: Principal, id: string): Promise<ParkView> {
    return parkView((await this.registry.call('GetPark', { caller: callerOf(principal), id })).park);
  }

  async list(principal: Principal, query: ParksQuery): Promise<ParkPage> {
    const { parks, nextCursor: cursor } = await this.registry.call('ListParks', {
      caller: callerOf(principal),
      page: { cursor: query.cursor ?? '', limit: query.limit ?? 0 },
      parentId: query.parentId ?? '',
      kind: query.kind ?? '',
      nameContains: query.q ?? '',
      focusIndustry: query.focusIndustry ?? '',
    });
    return { items: (parks ?? []).map(parkView), nextCursor: nextCursor(cursor) };
  }

  async subtree(principal: Principal, id: string): Promise<ParkSubtree> {
    const { parks } = await this.registry.call('GetParkSubtree', { caller: callerOf(principal), id });
    return { items: (parks ?? []).map(parkView) };
  }

  async update(principal: Principal, id: string, dto: UpdateParkDto): Promise<ParkView> {
    const { focusIndustries, ...rest } = dto;
    const { park } = await this.registry.call('UpdatePark', {
      caller: callerOf(principal),
      id,
      ...rest,
      replaceFocusIndustries: focusIndustries !== undefined,
      focusIndustries: focusIndustries ?? [],
    });
    return parkView(park);
  }

  async move(principal: Principal, id: string, dto: MoveParkDto): Promise<ParkView> {
    const { park } = await this.registry.call('MovePark', {
      caller: callerOf(principal),
      id,
      newParentId: dto.parentId ?? '',
    });
    return parkView(park);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.registry.call('RemovePark', { caller: callerOf(principal), id });
  }
}
