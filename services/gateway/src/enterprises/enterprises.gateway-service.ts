import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import {
  moneyJson,
  type EnterprisesQuery,
  type RegisterEnterpriseDto,
  type UpdateEnterpriseDto,
  pageJson,
} from '../http/dto';
import { enterpriseView, nextCursor, type EnterprisePage, type EnterpriseView } from '../http/views';
import { type RegistryClient } from '../grpc/registry.client';
import { REGISTRY_CLIENT } from '../grpc/clients.tokens';

@Injectable()
export class EnterprisesGatewayService {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  async register(caller: GatewayCaller, dto: RegisterEnterpriseDto): Promise<EnterpriseView> {
    const { enterprise } = await this.registry.call('RegisterEnterprise', caller, {
      name: dto.name,
      uscc: dto.uscc,
      foundedOn: dto.foundedOn ?? '',
      ...(dto.registeredCapital === undefined ? {} : { registeredCapital: moneyJson(dto.registeredCapital) }),
      industryFields: dto.industryFields ?? [],
      returneeFounded: dto.returneeFounded ?? false,
    });
    return enterpriseView(enterprise);
  }

  async get(caller: GatewayCaller, id: string): Promise<EnterpriseView> {
    return enterpriseView((await this.registry.call('GetEnterprise', caller, { id })).enterprise);
  }

  async list(caller: GatewayCaller, query: EnterprisesQuery): Promise<EnterprisePage> {
    const { enterprises, nextCursor: cursor } = await this.registry.call('ListEnterprises', caller, {
      page: pageJson(query),
      nameContains: query.q ?? '',
      uscc: query.uscc ?? '',
      industryField: query.industryField ?? '',
      ...(query.returneeFounded === undefined ? {} : { returneeFounded: query.returneeFounded === 'true' }),
    });
    return { items: (enterprises ?? []).map(enterpriseView), nextCursor: nextCursor(cursor) };
  }

  async update(caller: GatewayCaller, id: string, dto: UpdateEnterpriseDto): Promise<EnterpriseView> {
    const { enterprise } = await this.registry.call('UpdateEnterprise', caller, {
      id,
      ...(dto.name === undefined ? {} : { name: dto.name }),
      ...(dto.registeredCapital === undefined ? {} : { registeredCapital: moneyJson(dto.registeredCapital) }),
      replaceIndustryFields: dto.industryFields !== undefined,
      industryFields: dto.industryFields ?? [],
      ...(dto.returneeFounded === undefined ? {} : { returneeFounded: dto.returneeFounded }),
    });
    return enterpriseView(enterprise);
  }
}
