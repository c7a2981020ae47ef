import {
  type GetAggregateHistoryRequestJson,
  type GetAggregateHistoryResponseJson,
  type GetConsistencyProofRequestJson,
  type GetConsistencyProofResponseJson,
  type GetInclusionProofRequestJson,
  type GetInclusionProofResponseJson,
  type ListAnomaliesRequestJson,
  type ListAnomaliesResponseJson,
  type ListCheckpointsRequestJson,
  type ListCheckpointsResponseJson,
  type ListEntriesRequestJson,
  type ListEntriesResponseJson,
  type ListLeavesRequestJson,
  type ListLeavesResponseJson,
  type SearchEventsRequestJson,
  type SearchEventsResponseJson,
  type TailRequestJson,
  type TailResponseJson,
} from '@parkledger/contracts';
import { type ClientReadableStream } from '@grpc/grpc-js';
import { type KeyObject } from 'node:crypto';
import { type GatewayCaller } from '../auth/gateway-caller';
import { ServiceClient } from './registry.client';

/** Each RPC of the audit service: [request, response]. */
type AuditRpcs = {
  ListCheckpoints: [ListCheckpointsRequestJson, ListCheckpointsResponseJson];
  GetInclusionProof: [GetInclusionProofRequestJson, GetInclusionProofResponseJson];
  GetConsistencyProof: [GetConsistencyProofRequestJson, GetConsistencyProofResponseJson];
  ListEntries: [ListEntriesRequestJson, ListEntriesResponseJson];
  ListLeaves: [ListLeavesRequestJson, ListLeavesResponseJson];
  SearchEvents: [SearchEventsRequestJson, SearchEventsResponseJson];
  GetAggregateHistory: [GetAggregateHistoryRequestJson, GetAggregateHistoryResponseJson];
  ListAnomalies: [ListAnomaliesRequestJson, ListAnomaliesResponseJson];
};

/**
 * How much the audit service may send on the connection before the gateway says it took it
 * (HTTP/2 flow control). Every client's live tail is a stream of this one connection: at the
 * default 64 KiB, 100 tails of a few hundred events a second waited seconds for window updates
 * (B14's log-to-client p99 2.5 s, 166 ms with 8 MiB). The gateway reads every stream as it comes,
 * so the window is not memory it holds.
 */
const TAIL_FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;

/** The audit service. */
export class AuditClient extends ServiceClient<AuditRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('audit', 'AuditService', url, callerTokenKey, { 'grpc-node.flow_control_window': TAIL_FLOW_CONTROL_WINDOW });
  }

  /** The log's live tail: first where it opens, then its entries, until cancel(). */
  tail(caller: GatewayCaller, request: TailRequestJson): ClientReadableStream<TailResponseJson> {
    return this.openStream<TailResponseJson>('Tail', caller, request);
  }
}
