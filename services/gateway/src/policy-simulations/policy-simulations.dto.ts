import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { MayBeOmitted } from '../http/may-be-omitted';
import { POLICY_KEY_MAX_LENGTH, POLICY_KEY_PATTERN } from '@parkledger/contracts';

export class SimulationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'the draft policy document, as POST /policies takes it: its key names the policy whose cases are replayed; a problem is a 422 naming document.<path>. Leave it out to re-run a published version (policy, version)',
  })
  @MayBeOmitted()
  @IsObject()
  document?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'jinan-2019-biomedical',
    description: 'with no document: the published policy to re-run',
  })
  @MayBeOmitted()
  @IsString()
  @MaxLength(POLICY_KEY_MAX_LENGTH)
  @Matches(POLICY_KEY_PATTERN, {
    message: 'policy must be a policy key: lowercase words joined by hyphens',
  })
  policy?: string;

  @ApiPropertyOptional({
    minimum: 1,
    example: 1,
    description: 'with policy: the version to re-run; default the latest',
  })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  version?: number;

  @ApiProperty({ example: '2021-01-01', description: 'the first award date of the period replayed' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2021-12-31', description: 'the last award date of the period replayed, on or after from' })
  @IsCalendarDate()
  to!: string;
}
