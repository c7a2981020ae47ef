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
  type RetireParkRequestJson,
  type RetireParkResponseJson,
  type SettleEnterpriseRequestJson,
  type SettleEnterpriseResponseJson,
  type UpdateEnterpriseRequestJson,
  type UpdateEnterpriseResponseJson,
  type UpdateParkRequestJson,
  type UpdateParkResponseJson,
} from '@parkledger/contracts';
import { CALLER_TOKEN_HEADER, fromGrpcError, signCallerToken, type CallerTokenAudience } from '@parkledger/platform';
import { type KeyObject } from 'node:crypto';
import { type GatewayCaller } from '../auth/gateway-caller';
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
  RetirePark: [RetireParkRequestJson, RetireParkResponseJson];
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
 * same Idempotency-Key; the request key in its caller token keeps the retry from writing twice.
 */
export const GRPC_DEADLINE_MS = 10_000;

/** A service's RPCs over gRPC, typed by a map of [request, response]; a refusal comes back as the DomainError the service raised. */
export class ServiceClient<Rpcs extends Record<string, [unknown, unknown]>> {
  private readonly stub: Stub;

  constructor(
    private readonly service: CallerTokenAudience,
    serviceName: string,
    url: string,
    /** the gateway's own Ed25519 key that signs the caller tokens */
    private readonly callerTokenKey: KeyObject,
  ) {
    const proxy = new ClientGrpcProxy(grpcOptions(service, url));
    // Nest resolves the RPCs by their lower-camel names.
    this.stub = proxy.getService<Stub>(serviceName);
  }

  /** Calls `method` for `caller`, who goes in the metadata as a caller token signed for this service alone. */
  async call<M extends keyof Rpcs & string>(
    method: M,
    caller: GatewayCaller,
    request: Rpcs[M][0],
  ): Promise<Rpcs[M][1]> {
    const rpc = this.stub[method.charAt(0).toLowerCase() + method.slice(1)];
    if (rpc === undefined) throw new Error(`no RPC ${method}`);
    const metadata = new Metadata();
    metadata.set(CALLER_TOKEN_HEADER, this.callerToken(caller));
    try {
      // the generated *Json types describe what proto-loader decodes
      return await lastValueFrom(rpc(request, metadata, { deadline: Date.now() + GRPC_DEADLINE_MS }));
    } catch (error) {
      throw fromGrpcError(error);
    }
  }

  private callerToken(caller: GatewayCaller): string {
    const request =
      caller.requestKey === undefined || caller.requestFingerprint === undefined
        ? {}
        : { rk: caller.requestKey, rf: caller.requestFingerprint };
    return signCallerToken(
      { sub: caller.subject, role: caller.role, parks: [...caller.parks], ...request },
      this.service,
      this.callerTokenKey,
    );
  }
}

/** The park registry. */
export class RegistryClient extends ServiceClient<RegistryRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('park-registry', 'ParkRegistryService', url, callerTokenKey);
  }
}
