import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MayBeOmitted } from '../http/may-be-omitted';
import { type ExportFormat, ExportFormatParameter } from '../exports/export-format';

export class AwardsReportQuery {
  @ApiPropertyOptional({
    example: 2021,
    minimum: 1,
    maximum: 9999,
    description: 'a calendar year of award dates; default: every year',
  })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  year?: number;
  @ExportFormatParameter() format?: ExportFormat;
}

export class CapsReportQuery {
  @ApiProperty({ format: 'uuid', description: 'the enterprise whose caps these are' }) @IsUUID() enterpriseId!: string;
  @ApiPropertyOptional({
    example: 2021,
    minimum: 1,
    maximum: 9999,
    description:
      'the year of the yearly caps, whose version in force on 31 December gives the bounds; default: this year (UTC)',
  })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  year?: number;
}
