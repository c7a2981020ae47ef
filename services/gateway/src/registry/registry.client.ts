import { ClientGrpcProxy } from '@nestjs/microservices';
import {
  grpcOptions,
  type GetEnterpriseRequestJson,
  type GetEnterpriseResponseJson,
  type GetParkRequestJson,
  type GetParkResponseJson,
  type GetParkSubtreeRequestJson,
  type GetParkSubtreeResponseJson,
  type LeaveParkRequestJson,
  type LeaveParkResponseJson,
  type ListEnterprisesRequestJson,
  type ListEnterprisesResponseJson,
  type ListParksRequestJson,
  type ListParksResponseJson,
  type ListSettlementsRequestJson,
  type ListSettlementsResponseJson,
  type MoveParkRequestJson,
  type MoveParkResponseJson,
  type RegisterEnterpriseRequestJson,
  type RegisterEnterpriseResponseJson,
  type RegisterParkRequestJson,
  type RegisterParkResponseJson,
  type RemoveParkRequestJson,
  type RemoveParkResponseJson,
  type SettleEnterpriseRequestJson,
  type SettleEnterpriseResponseJson,
  type UpdateEnterpriseRequestJson,
  type UpdateEnterpriseResponseJson,
  type UpdateParkRequestJson,
  type UpdateParkResponseJson,
} from '@parkledger/contracts';
import { fromGrpcError } from '@parkledger/platform';
import { lastValueFrom, type Observable } from 'rxjs';

/** Each RPC of the park registry: [request, response]. */
interface RegistryRpcs {
  RegisterPark: [RegisterParkRequestJson, RegisterParkResponseJson];
  GetPark: [GetParkRequestJson, GetParkResponseJson];
  ListParks: [ListParksRequestJson, ListParksResponseJson];
  GetParkSubtree: [GetParkSubtreeRequestJson, GetParkSubtreeResponseJson];
  UpdatePark: [UpdateParkRequestJson, UpdateParkResponseJson];
  MovePark: [MoveParkRequestJson, MoveParkResponseJson];
  RemovePark: [RemoveParkRequestJson, RemoveParkResponseJson];
  RegisterEnterprise: [RegisterEnterpriseRequestJson, RegisterEnterpriseResponseJson];
  GetEnterprise: [GetEnterpriseRequestJson, GetEnterpriseResponseJson];
  ListEnterprises: [ListEnterprisesRequestJson, ListEnterprisesResponseJson];
  UpdateEnterprise: [UpdateEnterpriseRequestJson, UpdateEnterpriseResponseJson];
  SettleEnterprise: [SettleEnterpriseRequestJson, SettleEnterpriseResponseJson];
  LeavePark: [LeaveParkRequestJson, LeaveParkResponseJson];
  ListSettlements: [ListSettlementsRequestJson, ListSettlementsResponseJson];
}

type Stub = Record<string, (request: unknown) => Observable<unknown>>;

/** The park registry over gRPC; a refusal comes back as the DomainError the registry raised. */
export class RegistryClient {
  private readonly stub: Stub;

  constructor(url: string) {
    const proxy = new ClientGrpcProxy(grpcOptions('park-registry', url));
    // Nest resolves the RPCs by their lower-camel names.
    this.stub = proxy.getService<Stub>('ParkRegistryService');
  }

  async call<M extends keyof RegistryRpcs>(method: M, request: RegistryRpcs[M][0]): Promise<RegistryRpcs[M][1]> {
    const rpc = this.stub[method.charAt(0).toLowerCase() + method.slice(1)];
    if (rpc === undefined) throw new Error(`the park registry has no RPC ${method}`);
    try {
      return (await lastValueFrom(rpc(request))) as RegistryRpcs[M][1];
    } catch (error) {
      throw fromGrpcError(error);
    }
  }
}
