import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { problem } from '../openapi/problem-responses';
import {
  AnomaliesQuery,
  CheckpointsQuery,
  ConsistencyProofQuery,
  EntriesQuery,
  EventsQuery,
  HistoryQuery,
  InclusionProofQuery,
  LeavesQuery,
} from './audit.dto';
import { AuditGatewayService } from './audit.gateway-service';
import { AUDIT_READERS } from './audit.routes';
import {
  AnomalyPage,
  CheckpointPage,
  ConsistencyProofView,
  EntriesPage,
  EventPage,
  HistoryPage,
  InclusionProofView,
  LeavesPage,
} from './audit.views';

const NOT_SIGNED = ApiResponse({
  status: 404,
  ...problem('no checkpoint signed at that tree size (or none yet), or no entry at that position in it'),
});

/**
 * The audit log, for auditors: every event of every topic in a Merkle tree, with signed
 * checkpoints and the proofs that let anyone check them without trusting this service; the events
 * themselves, searched and decoded, each aggregate's history, and what looked wrong.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditGatewayService) {}

  @Get('checkpoints')
  @Roles(...AUDIT_READERS)
  @ApiOkResponse({ type: CheckpointPage, description: 'the checkpoints the log signed, newest first' })
  checkpoints(@CurrentCaller() caller: GatewayCaller, @Query() query: CheckpointsQuery): Promise<CheckpointPage> {
    return this.audit.checkpoints(caller, query);
  }

  @Get('proofs/inclusion')
  @Roles(...AUDIT_READERS)
  @NOT_SIGNED
  @ApiOkResponse({ type: InclusionProofView, description: 'that the entry is in the tree of a signed checkpoint' })
  inclusionProof(
    @CurrentCaller() caller: GatewayCaller,
    @Query() query: InclusionProofQuery,
  ): Promise<InclusionProofView> {
    return this.audit.inclusionProof(caller, query);
  }

  @Get('proofs/consistency')
  @Roles(...AUDIT_READERS)
  @NOT_SIGNED
  @ApiOkResponse({ type: ConsistencyProofView, description: 'that one signed checkpoint’s tree extends another’s' })
  consistencyProof(
    @CurrentCaller() caller: GatewayCaller,
    @Query() query: ConsistencyProofQuery,
  ): Promise<ConsistencyProofView> {
    return this.audit.consistencyProof(caller, query);
  }

  @Get('entries')
  @Roles(...AUDIT_READERS)
  @ApiOkResponse({
    type: EntriesPage,
    description:
      'the log’s entries in its order, with its copies of the records: a verifier compares them with Kafka’s',
  })
  entries(@CurrentCaller() caller: GatewayCaller, @Query() query: EntriesQuery): Promise<EntriesPage> {
    return this.audit.entries(caller, query);
  }

  @Get('leaves')
  @Roles(...AUDIT_READERS)
  @ApiOkResponse({
    type: LeavesPage,
    description:
      'the log’s entries at `limit` positions from `from`, in its order, as the leaves of its tree: each one’s leaf hash, computed from the log’s copy of the record for this answer (never a stored hash), and where they were read, in runs. A verifier rebuilds the tree from Kafka’s records in this order and compares each record’s leaf with its copy’s without the copies being sent. 422 names a from that is not a whole number or a limit out of 1–10000',
  })
  leaves(@CurrentCaller() caller: GatewayCaller, @Query() query: LeavesQuery): Promise<LeavesPage> {
    return this.audit.leaves(caller, query);
  }

  @Get('events')
  @Roles(...AUDIT_READERS)
  @ApiOkResponse({
    type: EventPage,
    description:
      'the events the log holds that match every filter given, in log order, each decoded, with its leaf hash and chain link. 422 names each field that breaks a rule: an unknown aggregate or event type, an event type of another aggregate, an id that is not one of its aggregate type’s (a UUID; a policy’s key), an id without its type, a time that is not RFC 3339, occurredTo before occurredFrom, a limit out of range, a cursor this API did not give',
  })
  events(@CurrentCaller() caller: GatewayCaller, @Query() query: EventsQuery): Promise<EventPage> {
    return this.audit.events(caller, query);
  }

  @Get('history')
  @Roles(...AUDIT_READERS)
  @ApiResponse({ status: 404, ...problem('the log holds no event of that aggregate, and no event names it') })
  @ApiOkResponse({
    type: HistoryPage,
    description:
      'the full history of any aggregate, decoded: its own events in version order with each leaf hash and chain link, then the events of other aggregates attached to it in log order (a project: the funds’ investments in it and their later life, the awards and applications naming it, the milestones recorded for it). 422 as for /audit/events',
  })
  history(@CurrentCaller() caller: GatewayCaller, @Query() query: HistoryQuery): Promise<HistoryPage> {
    return this.audit.history(caller, query);
  }

  @Get('anomalies')
  @Roles(...AUDIT_READERS)
  @ApiOkResponse({
    type: AnomalyPage,
    description:
      'what looked wrong as the log read the topics, in the order raised, each with the position of the entry that raised it and of the one it conflicts with',
  })
  anomalies(@CurrentCaller() caller: GatewayCaller, @Query() query: AnomaliesQuery): Promise<AnomalyPage> {
    return this.audit.anomalies(caller, query);
  }
}
