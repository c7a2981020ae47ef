import { GrpcProblemFilter } from '@parkledger/service-kit';
import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import {
  type GetEnterpriseRequestJson,
  type GetParkRequestJson,
  type LeaveParkRequestJson,
  type ListEnterprisesRequestJson,
  type ListParksRequestJson,
  type ListSettlementsRequestJson,
  type MoveParkRequestJson,
  type RegisterEnterpriseRequestJson,
  type RegisterParkRequestJson,
  type RemoveParkRequestJson,
  type SettleEnterpriseRequestJson,
  type UpdateEnterpriseRequestJson,
  type UpdateParkRequestJson,
} from '@parkledger/contracts';
import { EnterprisesService } from '../enterprises/enterprises.service';
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
  ) {}

  @GrpcMethod(SERVICE, 'RegisterPark')
  async registerPark(request: RegisterParkRequestJson) {
    return { park: await this.parks.register(request) };
  }

  @GrpcMethod(SERVICE, 'GetPark')
  async getPark(request: GetParkRequestJson) {
    return { park: await this.parks.get(request.caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListParks')
  listParks(request: ListParksRequestJson) {
    return this.parks.list(request);
  }

  @GrpcMethod(SERVICE, 'GetParkSubtree')
  getParkSubtree(request: GetParkRequestJson) {
    return this.parks.subtree(request.caller, request.id ?? '');
  }

  @GrpcMethod(SERVICE, 'UpdatePark')
  async updatePark(request: UpdateParkRequestJson) {
    return { park: await this.parks.update(request) };
  }

  @GrpcMethod(SERVICE, 'MovePark')
  async movePark(request: MoveParkRequestJson) {
    return { park: await this.parks.move(request) };
  }

  @GrpcMethod(SERVICE, 'RemovePark')
  async removePark(request: RemoveParkRequestJson) {
    await this.parks.remove(request.caller, request.id ?? '');
    return {};
  }

  @GrpcMethod(SERVICE, 'RegisterEnterprise')
  async registerEnterprise(request: RegisterEnterpriseRequestJson) {
    return { enterprise: await this.enterprises.register(request) };
  }

  @GrpcMethod(SERVICE, 'GetEnterprise')
  async getEnterprise(request: GetEnterpriseRequestJson) {
    return { enterprise: await this.enterprises.get(request.caller, request.id ?? '') };
  }

  @GrpcMethod(SERVICE, 'ListEnterprises')
  listEnterprises(request: ListEnterprisesRequestJson) {
    return this.enterprises.list(request);
  }

  @GrpcMethod(SERVICE, 'UpdateEnterprise')
  async updateEnterprise(request: UpdateEnterpriseRequestJson) {
    return { enterprise: await this.enterprises.update(request) };
  }

  @GrpcMethod(SERVICE, 'SettleEnterprise')
  async settleEnterprise(request: SettleEnterpriseRequestJson) {
    return { settlement: await this.settlements.settle(request) };
  }

  @GrpcMethod(SERVICE, 'LeavePark')
  async leavePark(request: LeaveParkRequestJson) {
    return { settlement: await this.settlements.leave(request) };
  }

  @GrpcMethod(SERVICE, 'ListSettlements')
  listSettlements(request: ListSettlementsRequestJson) {
    return this.settlements.list(request);
  }
}
