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
  type SearchEventsRequestJson,
  type SearchEventsResponseJson,
} from '@parkledger/contracts';
import { type KeyObject } from 'node:crypto';
import { ServiceClient } from './registry.client';

/** Each RPC of the audit service: [request, response]. */
type AuditRpcs = {
  ListCheckpoints: [ListCheckpointsRequestJson, ListCheckpointsResponseJson];
  GetInclusionProof: [GetInclusionProofRequestJson, GetInclusionProofResponseJson];
  GetConsistencyProof: [GetConsistencyProofRequestJson, GetConsistencyProofResponseJson];
  ListEntries: [ListEntriesRequestJson, ListEntriesResponseJson];
  SearchEvents: [SearchEventsRequestJson, SearchEventsResponseJson];
  GetAggregateHistory: [GetAggregateHistoryRequestJson, GetAggregateHistoryResponseJson];
  ListAnomalies: [ListAnomaliesRequestJson, ListAnomaliesResponseJson];
};

/** The audit service. */
export class AuditClient extends ServiceClient<AuditRpcs> {
  constructor(url: string, callerTokenKey: KeyObject) {
    super('audit', 'AuditService', url, callerTokenKey);
  }
}
