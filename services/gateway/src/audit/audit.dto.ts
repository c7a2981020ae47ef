import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ANOMALY_KINDS, auditedAggregates, auditedEventTypes } from '@parkledger/contracts';
import { CORRELATION_ID_PATTERN } from '@parkledger/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../http/dto';
import { IsInstant } from '../http/instant.validator';
import { MayBeOmitted } from '../http/may-be-omitted';

/** A tree size or a position: a whole number, as a decimal string (int64). */
const WHOLE = /^(0|[1-9][0-9]{0,15})$/;
const whole = (field: string) => ({ message: `${field} must be a whole number from 0, in decimal` });

export class CheckpointsQuery extends PageQuery {}

export class InclusionProofQuery {
  @ApiProperty({ example: '41', description: 'the entry’s position in the log, from 0' })
  @Matches(WHOLE, whole('position'))
  position!: string;

  @ApiPropertyOptional({ example: '1000', description: 'the size of a signed checkpoint’s tree; default: the latest' })
  @MayBeOmitted()
  @Matches(WHOLE, whole('treeSize'))
  treeSize?: string;
}

export class ConsistencyProofQuery {
  @ApiProperty({ example: '1000', description: 'the older checkpoint’s tree size' })
  @Matches(WHOLE, whole('fromSize'))
  fromSize!: string;

  @ApiPropertyOptional({ example: '2000', description: 'the newer checkpoint’s tree size; default: the latest' })
  @MayBeOmitted()
  @Matches(WHOLE, whole('toSize'))
  toSize?: string;
}

export class EntriesQuery {
  @ApiPropertyOptional({ example: '0', description: 'the first position wanted; default 0' })
  @MayBeOmitted()
  @Matches(WHOLE, whole('from'))
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class LeavesQuery {
  @ApiPropertyOptional({ example: '0', description: 'the first position wanted; default 0' })
  @MayBeOmitted()
  @Matches(WHOLE, whole('from'))
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 1000, description: 'how many positions from there' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

const AGGREGATE_ID =
  'the aggregate’s id as its events carry it: a UUID, a policy’s key (e.g. jinan-2019-biomedical), or a probe’s name';

/** The filters of the events' search: each may be left out; an aggregate id needs its type. */
export class EventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: auditedAggregates(), description: 'only this aggregate type’s events' })
  @MayBeOmitted()
  @IsIn(auditedAggregates())
  aggregateType?: string;

  @ApiPropertyOptional({ description: `${AGGREGATE_ID}; needs aggregateType` })
  @MayBeOmitted()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  aggregateId?: string;

  @ApiPropertyOptional({ enum: auditedEventTypes(), description: 'only events of this type' })
  @MayBeOmitted()
  @IsIn(auditedEventTypes())
  eventType?: string;

  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    description: 'events that occurred at or after it (ce_time)',
  })
  @MayBeOmitted()
  @IsInstant()
  occurredFrom?: string;

  @ApiPropertyOptional({
    example: '2026-02-01T00:00:00Z',
    description: 'events that occurred before it; not before occurredFrom',
  })
  @MayBeOmitted()
  @IsInstant()
  occurredTo?: string;

  @ApiPropertyOptional({
    example: '01a20000-0000-7000-8000-000000000000',
    description:
      "events stamped with this correlation id (ce_correlationid): a request's (its x-correlation-id, given or made by the gateway) is on the events it wrote and on those its events' consumers wrote",
  })
  @MayBeOmitted()
  @Matches(CORRELATION_ID_PATTERN, { message: 'correlationId is 1 to 64 letters, digits, _ or -' })
  correlationId?: string;
}

export class HistoryQuery extends PageQuery {
  @ApiProperty({ enum: auditedAggregates() })
  @IsIn(auditedAggregates())
  aggregateType!: string;

  @ApiProperty({ description: AGGREGATE_ID })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  aggregateId!: string;
}

export class AnomaliesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ANOMALY_KINDS })
  @MayBeOmitted()
  @IsIn(AUDIT_ANOMALY_KINDS)
  kind?: string;

  @ApiPropertyOptional({
    enum: ['open', 'resolved'],
    description: 'open, or resolved (only a missing version is resolved, when it comes); default both',
  })
  @MayBeOmitted()
  @IsIn(['open', 'resolved'])
  status?: string;

  @ApiPropertyOptional({ enum: auditedAggregates() })
  @MayBeOmitted()
  @IsIn(auditedAggregates())
  aggregateType?: string;

  @ApiPropertyOptional({ description: `${AGGREGATE_ID}; needs aggregateType` })
  @MayBeOmitted()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  aggregateId?: string;
}
