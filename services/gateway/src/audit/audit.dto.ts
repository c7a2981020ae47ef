import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../http/dto';
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
