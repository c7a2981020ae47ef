import {
  type ChannelOptions,
  type Client,
  type ClientReadableStream,
  type ClientUnaryCall,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
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
  type ListMilestonesRequestJson,
  type ListMilestonesResponseJson,
  type ListParksRequestJson,
  type ListParksResponseJson,
  type ListSettlementsRequestJson,
  type ListSettlementsResponseJson,
  type MoveParkRequestJson,
  type MoveParkResponseJson,
  type RecordMilestoneRequestJson,
  type RecordMilestoneResponseJson,
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
import {
  CALLER_TOKEN_HEADER,
  CORRELATION_HEADER,
  currentCorrelationId,
  fromGrpcError,
  inSpan,
  injectTraceContext,
  REPLAYED_HEADER,
  signCallerToken,
  SpanKind,
  type CallerTokenAudience,
} from '@parkledger/platform';
import { type KeyObject } from 'node:crypto';
import { type GatewayCaller } from '../auth/gateway-caller';

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
  RecordMilestone: [RecordMilestoneRequestJson, RecordMilestoneResponseJson];
  ListMilestones: [ListMilestonesRequestJson, ListMilestonesResponseJson];
};

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response?: unknown) => void,
) => ClientUnaryCall;

type ServerStreamMethod = (request: unknown, metadata: Metadata) => ClientReadableStream<unknown>;

/**
 * How long the gateway waits for a service. A call past it is a 503 the client retries with the
 * same Idempotency-Key; the request key in its caller token keeps the retry from writing twice.
 */
export const GRPC_DEADLINE_MS = 10_000;

/**
 * A service's RPCs over gRPC, typed by a map of [request, response]; a refusal comes back as the
 * DomainError the service raised, and a service's word that its answer is a replay reaches the caller.
 */
export class ServiceClient<Rpcs extends Record<string, [unknown, unknown]>> {
  private readonly client: Client & Record<string, UnaryMethod | ServerStreamMethod | undefined>;
  /** e.g. parkledger.park_registry.v1.ParkRegistryService: what spans name a call by */
  private readonly servicePath: string;

  constructor(
    private readonly service: CallerTokenAudience,
    serviceName: string,
    url: string,
    /** the gateway's own Ed25519 key that signs the caller tokens */
    private readonly callerTokenKey: KeyObject,
    channelOptions: ChannelOptions = {},
  ) {
    const contract = grpcOptions(service, url);
    const definition = loadPackageDefinition(loadSync(contract.protoPath, contract.loader));
    const namespace = contract.package
      .split('.')
      .reduce<GrpcObject>((scope, name) => scope[name] as GrpcObject, definition);
    this.servicePath = `${contract.package}.${serviceName}`;
    const Service = namespace[serviceName] as ServiceClientConstructor | undefined;
    if (Service === undefined) throw new Error(`no service ${serviceName} in ${contract.protoPath}`);
    this.client = new Service(url, credentials.createInsecure(), channelOptions) as Client &
      Record<string, UnaryMethod | ServerStreamMethod | undefined>;
  }

  /**
   * Calls `method` for `caller`, who goes in the metadata as a caller token signed for this service
   * alone, with the request's correlation id and, when tracing is on, its client span's context.
   */
  async call<M extends keyof Rpcs & string>(
    method: M,
    caller: GatewayCaller,
    request: Rpcs[M][0],
  ): Promise<Rpcs[M][1]> {
    const rpc = this.client[method];
    if (rpc === undefined) throw new Error(`no RPC ${method}`);
    const path = `${this.servicePath}/${method}`;
    const attributes = { 'rpc.system': 'grpc', 'rpc.method': path };
    return inSpan(path, { kind: SpanKind.CLIENT, attributes }, (span) => {
      const metadata = this.metadata(caller);
      return new Promise((resolve, reject) => {
        let replayed = false;
        const call = rpc.call(
          this.client,
          request,
          metadata,
          { deadline: Date.now() + GRPC_DEADLINE_MS },
          (error, response) => {
            span?.setAttribute('rpc.grpc.status_code', error?.code ?? 0);
            if (error !== null) return reject(fromGrpcError(error));
            if (replayed) caller.replayed?.(); // only an answer is marked a replay, never a failure
            // the generated *Json types describe what proto-loader decodes
            resolve(response);
          },
        );
        call.on('metadata', (received: Metadata) => {
          replayed = received.get(REPLAYED_HEADER)[0] === 'true';
        });
      });
    });
  }

  /**
   * Opens the server stream `method` for `caller` (who goes in the metadata as in `call`). It has no
   * deadline: it runs until the service ends it or `cancel()`; its messages have the *Json types.
   */
  protected openStream<Message>(
    method: string,
    caller: GatewayCaller,
    request: unknown,
  ): ClientReadableStream<Message> {
    const rpc = this.client[method] as ServerStreamMethod | undefined;
    if (rpc === undefined) throw new Error(`no RPC ${method}`);
    return rpc.call(this.client, request, this.metadata(caller)) as ClientReadableStream<Message>;
  }

  private metadata(caller: GatewayCaller): Metadata {
    const metadata = new Metadata();
    metadata.set(CALLER_TOKEN_HEADER, this.callerToken(caller));
    const correlationId = currentCorrelationId();
    if (correlationId !== undefined) metadata.set(CORRELATION_HEADER, correlationId);
    injectTraceContext(metadata, { set: (carrier, key, value) => carrier.set(key, value) });
    return metadata;
  }

  private callerToken(caller: GatewayCaller): string {
    const request =
      caller.requestKey === undefined || caller.requestFingerprint === undefined
        ? {}
        : { rk: caller.requestKey, rf: caller.requestFingerprint };
    return signCallerToken(
      {
        sub: caller.subject,
        role: caller.role,
        parks: [...caller.parks],
        funds: [...caller.funds],
        policies: [...caller.policies],
        ...request,
      },
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
