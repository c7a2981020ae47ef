import { type ServerWritableStream } from '@grpc/grpc-js';
import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type GetAggregateHistoryRequestJson,
  type GetConsistencyProofRequestJson,
  type GetInclusionProofRequestJson,
  type ListAnomaliesRequestJson,
  type ListCheckpointsRequestJson,
  type ListEntriesRequestJson,
  type ListLeavesRequestJson,
  type SearchEventsRequestJson,
  type TailRequestJson,
  type TailResponseJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { type Observable } from 'rxjs';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { EntriesService } from '../entries/entries.service';
import { EventsService } from '../events/events.service';
import { ProofsService } from '../proofs/proofs.service';
import { tailObservable } from './tail-observable';
import { TailService } from '../tail/tail.service';
import { GrpcCall } from './grpc-call.decorator';

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
    private readonly tail: TailService,
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

  @GrpcMethod(SERVICE, 'ListLeaves')
  listLeaves(@Payload() request: ListLeavesRequestJson, @VerifiedCaller() caller: Caller) {
    return this.entries.leaves(caller, request);
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

  /** A server stream: the log's entries as they are logged, until the caller cancels. */
  @GrpcMethod(SERVICE, 'Tail')
  tailLog(
    @Payload() request: TailRequestJson,
    @VerifiedCaller() caller: Caller,
    @GrpcCall() call: ServerWritableStream<unknown, unknown>,
  ): Observable<TailResponseJson> {
    return tailObservable(this.tail, caller, request, call);
  }
}
