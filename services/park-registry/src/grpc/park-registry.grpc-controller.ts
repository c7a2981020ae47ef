import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type GetEnterpriseRequestJson,
  type GetParkRequestJson,
  type LeaveParkRequestJson,
  type ListEnterprisesRequestJson,
  type ListMilestonesRequestJson,
  type ListParksRequestJson,
  type ListSettlementsRequestJson,
  type MoveParkRequestJson,
  type RecordMilestoneRequestJson,
  type RegisterEnterpriseRequestJson,
  type RegisterParkRequestJson,
  type RemoveParkRequestJson,
  type RetireParkRequestJson,
  type SettleEnterpriseRequestJson,
  type UpdateEnterpriseRequestJson,
  type UpdateParkRequestJson,
} from '@parkledger/contracts';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { MilestonesService } from '../milestones/milestones.service';
import { ParksService } from '../parks/parks.service';
import { SettlementsService } from '../settlements/settlements.service';

const SERVICE = 'ParkRegistryService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class ParkRegistryGrpcController {
  constructor(
    private readonly parks: ParksService,
    private readonly enterprises: EnterprisesService,
    private readonly settlements: SettlementsService,
    private readonly milestones: MilestonesService,
  ) {}

  @GrpcMethod(SERVICE, 'RegisterPark')
  async registerPark(@Payload() request: RegisterParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { park: await this.parks.register(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetPark')
  async getPark(@Payload() request: GetParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { park: await this.parks.get(caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListParks')
  listParks(@Payload() request: ListParksRequestJson, @VerifiedCaller() caller: Caller) {
    return this.parks.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetParkSubtree')
  getParkSubtree(@Payload() request: GetParkRequestJson, @VerifiedCaller() caller: Caller) {
    return this.parks.subtree(caller, request.id ?? '');
  }

  @GrpcMethod(SERVICE, 'UpdatePark')
  async updatePark(@Payload() request: UpdateParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { park: await this.parks.update(caller, request) };
  }

  @GrpcMethod(SERVICE, 'MovePark')
  async movePark(@Payload() request: MoveParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { park: await this.parks.move(caller, request) };
  }

  @GrpcMethod(SERVICE, 'RemovePark')
  async removePark(@Payload() request: RemoveParkRequestJson, @VerifiedCaller() caller: Caller) {
    await this.parks.remove(caller, request.id ?? '');
    return {};
  }

  @GrpcMethod(SERVICE, 'RetirePark')
  async retirePark(@Payload() request: RetireParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { park: await this.parks.retire(caller, request) };
  }

  @GrpcMethod(SERVICE, 'RegisterEnterprise')
  async registerEnterprise(@Payload() request: RegisterEnterpriseRequestJson, @VerifiedCaller() caller: Caller) {
    return { enterprise: await this.enterprises.register(caller, request) };
  }

  @GrpcMethod(SERVICE, 'GetEnterprise')
  async getEnterprise(@Payload() request: GetEnterpriseRequestJson, @VerifiedCaller() caller: Caller) {
    return { enterprise: await this.enterprises.get(caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListEnterprises')
  listEnterprises(@Payload() request: ListEnterprisesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.enterprises.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'UpdateEnterprise')
  async updateEnterprise(@Payload() request: UpdateEnterpriseRequestJson, @VerifiedCaller() caller: Caller) {
    return { enterprise: await this.enterprises.update(caller, request) };
  }

  @GrpcMethod(SERVICE, 'SettleEnterprise')
  async settleEnterprise(@Payload() request: SettleEnterpriseRequestJson, @VerifiedCaller() caller: Caller) {
    return { settlement: await this.settlements.settle(caller, request) };
  }

  @GrpcMethod(SERVICE, 'LeavePark')
  async leavePark(@Payload() request: LeaveParkRequestJson, @VerifiedCaller() caller: Caller) {
    return { settlement: await this.settlements.leave(caller, request) };
  }

  @GrpcMethod(SERVICE, 'ListSettlements')
  listSettlements(@Payload() request: ListSettlementsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.settlements.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'RecordMilestone')
  async recordMilestone(@Payload() request: RecordMilestoneRequestJson, @VerifiedCaller() caller: Caller) {
    return { milestone: await this.milestones.record(caller, request) };
  }

  @GrpcMethod(SERVICE, 'ListMilestones')
  listMilestones(@Payload() request: ListMilestonesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.milestones.list(caller, request);
  }
}
