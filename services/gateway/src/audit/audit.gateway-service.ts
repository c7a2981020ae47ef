import { Inject, Injectable } from '@nestjs/common';
import { type GatewayCaller } from '../auth/gateway-caller';
import { type AuditClient } from '../grpc/audit.client';
import { AUDIT_CLIENT } from '../grpc/clients.tokens';
import { pageJson } from '../http/dto';
import { nextCursor } from '../http/views';
import {
  type AnomaliesQuery,
  type CheckpointsQuery,
  type ConsistencyProofQuery,
  type EntriesQuery,
  type EventsQuery,
  type HistoryQuery,
  type InclusionProofQuery,
  type LeavesQuery,
} from './audit.dto';
import {
  anomalyPage,
  type AnomalyPage,
  checkpointView,
  consistencyProofView,
  entriesPage,
  type EntriesPage,
  eventPage,
  type EventPage,
  historyPage,
  type HistoryPage,
  inclusionProofView,
  leavesPage,
  type LeavesPage,
  type CheckpointPage,
  type ConsistencyProofView,
  type InclusionProofView,
} from './audit.views';

/** The audit log over REST: checkpoints, proofs, entries and their leaves, the events searched, histories and anomalies; the audit service keeps them. */
@Injectable()
export class AuditGatewayService {
  constructor(@Inject(AUDIT_CLIENT) private readonly audit: AuditClient) {}

  async checkpoints(caller: GatewayCaller, query: CheckpointsQuery): Promise<CheckpointPage> {
    const { checkpoints, nextCursor: cursor } = await this.audit.call('ListCheckpoints', caller, {
      page: pageJson(query),
    });
    return { items: (checkpoints ?? []).map(checkpointView), nextCursor: nextCursor(cursor) };
  }

  async inclusionProof(caller: GatewayCaller, query: InclusionProofQuery): Promise<InclusionProofView> {
    return inclusionProofView(
      await this.audit.call('GetInclusionProof', caller, { position: query.position, treeSize: query.treeSize ?? '0' }),
    );
  }

  async consistencyProof(caller: GatewayCaller, query: ConsistencyProofQuery): Promise<ConsistencyProofView> {
    return consistencyProofView(
      await this.audit.call('GetConsistencyProof', caller, { fromSize: query.fromSize, toSize: query.toSize ?? '0' }),
    );
  }

  async entries(caller: GatewayCaller, query: EntriesQuery): Promise<EntriesPage> {
    return entriesPage(
      await this.audit.call('ListEntries', caller, { from: query.from ?? '0', limit: query.limit ?? 0 }),
    );
  }

  async leaves(caller: GatewayCaller, query: LeavesQuery): Promise<LeavesPage> {
    return leavesPage(
      await this.audit.call('ListLeaves', caller, { from: query.from ?? '0', limit: query.limit ?? 0 }),
    );
  }

  async events(caller: GatewayCaller, query: EventsQuery): Promise<EventPage> {
    return eventPage(
      await this.audit.call('SearchEvents', caller, {
        aggregateType: query.aggregateType ?? '',
        aggregateId: query.aggregateId ?? '',
        eventType: query.eventType ?? '',
        occurredFrom: query.occurredFrom ?? '',
        occurredTo: query.occurredTo ?? '',
        correlationId: query.correlationId ?? '',
        page: pageJson(query),
      }),
    );
  }

  async history(caller: GatewayCaller, query: HistoryQuery): Promise<HistoryPage> {
    return historyPage(
      await this.audit.call('GetAggregateHistory', caller, {
        aggregateType: query.aggregateType,
        aggregateId: query.aggregateId,
        page: pageJson(query),
      }),
    );
  }

  async anomalies(caller: GatewayCaller, query: AnomaliesQuery): Promise<AnomalyPage> {
    return anomalyPage(
      await this.audit.call('ListAnomalies', caller, {
        kind: query.kind ?? '',
        status: query.status ?? '',
        aggregateType: query.aggregateType ?? '',
        aggregateId: query.aggregateId ?? '',
        page: pageJson(query),
      }),
    );
  }
}
