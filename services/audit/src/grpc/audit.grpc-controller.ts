import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type GetAggregateHistoryRequestJson,
  type GetConsistencyProofRequestJson,
  type GetInclusionProofRequestJson,
  type ListAnomaliesRequestJson,
  type ListCheckpointsRequestJson,
  type ListEntriesRequestJson,
  type SearchEventsRequestJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { EntriesService } from '../entries/entries.service';
import { EventsService } from '../events/events.service';
import { ProofsService } from '../proofs/proofs.service';

const SERVICE = 'AuditService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class AuditGrpcController {
  constructor(
    private readonly proofs: ProofsService,
    private readonly entries: EntriesService,
    private readonly events: EventsService,
    private readonly anomalies: AnomaliesService,
  ) {}

  @GrpcMethod(SERVICE, 'ListCheckpoints')
  listCheckpoints(@Payload() request: ListCheckpointsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.proofs.listCheckpoints(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetInclusionProof')
  getInclusionProof(@Payload() request: GetInclusionProofRequestJson, @VerifiedCaller() caller: Caller) {
    return this.proofs.inclusionProof(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetConsistencyProof')
  getConsistencyProof(@Payload() request: GetConsistencyProofRequestJson, @VerifiedCaller() caller: Caller) {
    return this.proofs.consistencyProof(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListEntries')
  listEntries(@Payload() request: ListEntriesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.entries.list(caller, request);
  }

  @GrpcMethod(SERVICE, 'SearchEvents')
  searchEvents(@Payload() request: SearchEventsRequestJson, @VerifiedCaller() caller: Caller) {
    return this.events.search(caller, request);
  }

  @GrpcMethod(SERVICE, 'GetAggregateHistory')
  getAggregateHistory(@Payload() request: GetAggregateHistoryRequestJson, @VerifiedCaller() caller: Caller) {
    return this.events.history(caller, request);
  }

  @GrpcMethod(SERVICE, 'ListAnomalies')
  listAnomalies(@Payload() request: ListAnomaliesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.anomalies.list(caller, request);
  }
}
