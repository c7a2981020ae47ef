import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { problem } from '../openapi/problem-responses';
import { CheckpointsQuery, ConsistencyProofQuery, EntriesQuery, InclusionProofQuery } from './audit.dto';
import { AuditGatewayService } from './audit.gateway-service';
import { AUDIT_READERS } from './audit.routes';
import { CheckpointPage, ConsistencyProofView, EntriesPage, InclusionProofView } from './audit.views';

const NOT_SIGNED = ApiResponse({
  status: 404,
  ...problem('no checkpoint signed at that tree size (or none yet), or no entry at that position in it'),
});

/**
 * The audit log, for auditors: every event of every topic in a Merkle tree, with signed
 * checkpoints and the proofs that let anyone check them without trusting this service.
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
}
