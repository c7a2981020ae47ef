import { Metadata } from '@grpc/grpc-js';
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
type RegistryRpcs = {
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
};

type Stub = Record<
  string,
  (request: unknown, metadata: Metadata, options: { deadline: number }) => Observable<unknown>
>;

/**
 * How long the gateway waits for a service. A call past it is a 503 the client retries with the
 * same Idempotency-Key; the service's request id keeps the retry from writing twice.
 */
export const GRPC_DEADLINE_MS = 10_000;

/** A service's RPCs over gRPC, typed by a map of [request, response]; a refusal comes back as the DomainError the service raised. */
export class ServiceClient<Rpcs extends Record<string, [unknown, unknown]>> {
  private readonly stub: Stub;

  constructor(service: 'park-registry' | 'project-pipeline', serviceName: string, url: string) {
    const proxy = new ClientGrpcProxy(grpcOptions(service, url));
    // Nest resolves the RPCs by their lower-camel names.
    this.stub = proxy.getService<Stub>(serviceName);
  }

  async call<M extends keyof Rpcs & string>(method: M, request: Rpcs[M][0]): Promise<Rpcs[M][1]> {
    const rpc = this.stub[method.charAt(0).toLowerCase() + method.slice(1)];
    if (rpc === undefined) throw new Error(`no RPC ${method}`);
    try {
      // the generated *Json types describe what proto-loader decodes
      return await lastValueFrom(rpc(request, new Metadata(), { deadline: Date.now() + GRPC_DEADLINE_MS }));
    } catch (error) {
      throw fromGrpcError(error);
    }
  }
}

/** The park registry. */
export class RegistryClient extends ServiceClient<RegistryRpcs> {
  constructor(url: string) {
    super('park-registry', 'ParkRegistryService', url);
  }
}
