import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { auditedAggregates, auditedEventTypes } from '@parkledger/contracts';
import { type Request, type Response } from 'express';
import { CurrentCaller, Roles, TokenExpiry } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { problem } from '../openapi/problem-responses';
import { STREAM_POSITION, streamStartOf } from './audit-stream.request';
import { AuditStreamGatewayService } from './audit-stream.gateway-service';
import { AUDIT_READERS } from './audit.routes';
import { StreamEntryView } from './audit.views';

const POSITION = { type: 'string', pattern: STREAM_POSITION.source } as const;

/** The audit log's live tail, for auditors: Server-Sent Events. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditStreamController {
  constructor(private readonly stream: AuditStreamGatewayService) {}

  @Get('stream')
  @Roles(...AUDIT_READERS)
  @ApiProduces('text/event-stream')
  @ApiExtraModels(StreamEntryView)
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    schema: POSITION,
    description:
      'resume after this event (the id of the last event received): what an EventSource sends when it reconnects',
  })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    schema: POSITION,
    description: 'as Last-Event-ID, for a client that can’t set headers; the header wins',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    schema: POSITION,
    description:
      'start at this position of the log (0: its first entry); default: its end, only what is logged from now',
  })
  @ApiQuery({
    name: 'type',
    required: false,
    isArray: true,
    enum: auditedEventTypes(),
    style: 'form',
    explode: true,
    description: 'only these event types (repeat the field for more than one)',
  })
  @ApiQuery({
    name: 'aggregateType',
    required: false,
    enum: auditedAggregates(),
    description: 'only this aggregate type’s events',
  })
  @ApiQuery({
    name: 'aggregateId',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 200 },
    description: 'only this aggregate’s events (with aggregateType): a UUID, a policy’s key, a probe’s id',
  })
  @ApiOkResponse({
    description: [
      'text/event-stream: one event per entry of the log, in its order: `id:` its position, `event:` its type',
      '(`undecodable` for a record the log could not read), `data:` one line of JSON (StreamEntryView). First every',
      'entry after the position asked for that the filter lets through, then each as it is logged. Comment lines',
      'keep a quiet stream open. A client that leaves more than AUDIT_STREAM_BUFFER_BYTES unread, whose token',
      'expires, or whose stream the audit service ends, gets a final `event: end` with',
      '`{"reason": "overflow" | "token-expired" | "unavailable", "lastEventId", "detail"}` and the response ends:',
      'reconnect with Last-Event-ID to go on with nothing lost.',
    ].join(' '),
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: `events whose data is a ${getSchemaPath(StreamEntryView)}` },
        example:
          ': the audit log’s entries after position 40, then each as it is logged\n\nid: 41\nevent: parkledger.park.registered.v1\ndata: {"position":"41","leafHash":"…","type":"parkledger.park.registered.v1",…,"event":{…}}\n\n',
      },
    },
  })
  @ApiResponse({
    status: 422,
    ...problem(
      'the stream can’t be opened: `audit-stream-invalid`, naming each field and rule (a type the log does not read or of another aggregate type, an unknown aggregate type, an id that is not its type’s or without its type, a malformed or past-the-end Last-Event-ID, lastEventId or from, an unknown field)',
    ),
  })
  @ApiResponse({
    status: 429,
    ...problem(
      'over the rate limit, or the caller (the token’s subject) already holds AUDIT_STREAM_MAX_PER_CALLER live tails open (default 10): `audit-stream-limit`, rule `streams-per-caller`; close one first',
    ),
  })
  async tail(
    @CurrentCaller() caller: GatewayCaller,
    @TokenExpiry() expiresAt: number | undefined,
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.stream.stream(caller, streamStartOf(query, lastEventId), request, response, expiresAt);
  }
}
