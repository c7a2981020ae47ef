import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { POLICY_KEY_MAX_LENGTH, POLICY_KEY_PATTERN } from '@parkledger/contracts';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { MoneyDto, PageQuery } from '../http/dto';
import { MayBeOmitted } from '../http/may-be-omitted';
import { HasSign } from '../http/money-sign.validator';

const POLICY_KEY_RULE = 'policy must be lower-case letters and digits joined by dashes, e.g. "jinan-2019-biomedical"';
export const AWARD_STATUSES = ['submitted', 'granted', 'rejected', 'paid', 'revoked'] as const;

export class PolicyQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'a version number; default: the latest' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  version?: number;
}

export class SubmitApplicationDto {
  @ApiProperty({ example: 'jinan-2019-biomedical' })
  @IsString()
  @MaxLength(POLICY_KEY_MAX_LENGTH)
  @Matches(POLICY_KEY_PATTERN, { message: POLICY_KEY_RULE })
  policy!: string;
  @ApiProperty({ example: '3', description: 'the item of the policy version in force on awardOn' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  item!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() enterpriseId!: string;
  @ApiProperty({ example: '2021-06-01', description: 'its year is the year of the yearly caps and the budget' })
  @IsCalendarDate()
  awardOn!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { product: 'Rosuvastatin calcium tablets', firstThreeInChina: true },
    description: 'the facts the item declares, each of its kind: text, "money" as a decimal string, integer, boolean',
  })
  @IsObject()
  facts!: Record<string, unknown>;
  @ApiPropertyOptional({ format: 'uuid', description: 'the pipeline’s project the award supports' })
  @MayBeOmitted()
  @IsUUID()
  projectId?: string;
}

export class ReviewApplicationDto {
  @ApiProperty({ enum: ['grant', 'reject'] }) @IsIn(['grant', 'reject']) decision!: string;
  @ApiPropertyOptional({
    type: MoneyDto,
    description: 'a grant in part: more than 0 and at most what the evaluation gives; default: all of it',
  })
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount?: MoneyDto;
  @ApiPropertyOptional({ description: 'required for a rejection and a grant in part' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class PayAwardDto {
  @ApiProperty({ example: '2021-07-01', description: 'on or after the award date' }) @IsCalendarDate() paidOn!: string;
}

export class RevokeAwardDto {
  @ApiProperty({ example: 'the approval was withdrawn' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class RecaptureAwardDto {
  @ApiProperty({ type: MoneyDto, description: 'more than 0, at most what was paid and not recaptured' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2022-03-01', description: 'on or after the award date' })
  @IsCalendarDate()
  recapturedOn!: string;
  @ApiProperty({ example: 'the enterprise moved out within five years' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class AwardsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'jinan-2019-biomedical' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(POLICY_KEY_MAX_LENGTH)
  @Matches(POLICY_KEY_PATTERN, { message: POLICY_KEY_RULE })
  policy?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @MayBeOmitted() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ example: '3' }) @MayBeOmitted() @IsString() @MaxLength(20) item?: string;
  @ApiPropertyOptional({ enum: AWARD_STATUSES }) @MayBeOmitted() @IsIn(AWARD_STATUSES) status?: string;
}
