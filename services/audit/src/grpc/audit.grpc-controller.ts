import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import {
  type GetConsistencyProofRequestJson,
  type GetInclusionProofRequestJson,
  type ListCheckpointsRequestJson,
  type ListEntriesRequestJson,
} from '@parkledger/contracts';
import { type Caller, GrpcProblemFilter, VerifiedCaller } from '@parkledger/service-kit';
import { EntriesService } from '../entries/entries.service';
import { ProofsService } from '../proofs/proofs.service';

const SERVICE = 'AuditService';

/** The gRPC edge: translate, call one service method, answer. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class AuditGrpcController {
  constructor(
    private readonly proofs: ProofsService,
    private readonly entries: EntriesService,
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
}
