import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { MoneyDto, PageQuery, SignedMoneyDto } from '../http/dto';
import { INDUSTRY_FIELDS } from '../http/domain';
import { MayBeOmitted } from '../http/may-be-omitted';
import { type ExportFormat, ExportFormatParameter } from '../exports/export-format';

export const PROJECT_STAGES = ['LEAD', 'NEGOTIATING', 'SIGNED', 'UNDER_CONSTRUCTION', 'IN_OPERATION', 'TERMINATED'];

export class RegisterProjectDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() parkId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() enterpriseId!: string;
  @ApiProperty({ enum: INDUSTRY_FIELDS }) @IsIn(INDUSTRY_FIELDS) industryField!: string;
  @ApiProperty({ example: '近岸蛋白项目' }) @IsString() @MinLength(1) @MaxLength(200) nameZh!: string;
  @ApiProperty({ example: 'Nearshore protein project' }) @IsString() @MinLength(1) @MaxLength(200) nameEn!: string;
  @ApiProperty({ type: MoneyDto }) @IsDefined() @ValidateNested() @Type(() => MoneyDto) plannedInvestment!: MoneyDto;
  @ApiPropertyOptional({ enum: ['LEAD', 'NEGOTIATING', 'SIGNED'], default: 'LEAD' })
  @MayBeOmitted()
  @IsIn(['LEAD', 'NEGOTIATING', 'SIGNED'])
  stage?: string;
  @ApiProperty({ example: '2022-02-18', description: 'the effective date of that stage' })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class AdvanceProjectDto {
  @ApiProperty({ enum: PROJECT_STAGES.slice(1) }) @IsIn(PROJECT_STAGES.slice(1)) stage!: string;
  @ApiProperty({ example: '2022-03-01' })
  @IsCalendarDate()
  effectiveOn!: string;
  @ApiPropertyOptional({ description: 'why, for TERMINATED' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ReportInvestmentDto {
  @ApiProperty({ example: '2024-06-30' }) @IsCalendarDate() asOf!: string;
  @ApiProperty({ type: MoneyDto, description: 'cumulative, not an increment' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  completedInvestment!: MoneyDto;
  @ApiPropertyOptional({ description: 'required when the figure is lower than the last report' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  correctionReason?: string;
}

export class AmendPlanDto {
  @ApiProperty({ example: '2024-02-01' })
  @IsCalendarDate()
  effectiveOn!: string;
  @ApiProperty({ type: SignedMoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SignedMoneyDto)
  delta!: SignedMoneyDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @MaxLength(500) reason?: string;
}

export class ProjectsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'projects in this park or below it' })
  @MayBeOmitted()
  @IsUUID()
  parkId?: string;
  @ApiPropertyOptional({ enum: PROJECT_STAGES }) @MayBeOmitted() @IsIn(PROJECT_STAGES) stage?: string;
  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS }) @MayBeOmitted() @IsIn(INDUSTRY_FIELDS) industryField?: string;
  @ApiPropertyOptional({ example: '2023-01-01' }) @MayBeOmitted() @IsCalendarDate() signedFrom?: string;
  @ApiPropertyOptional({ example: '2023-12-31' }) @MayBeOmitted() @IsCalendarDate() signedTo?: string;
  @ExportFormatParameter() format?: ExportFormat;
}

export class StatisticsQuery {
  @ApiProperty({ example: '2023-01-01' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: '2024-12-31' }) @IsCalendarDate() to!: string;
  @ApiPropertyOptional({ default: 6, description: 'signed with no construction this many months later is stalled' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  stalledAfterMonths?: number;
  @ApiPropertyOptional({ description: 'evaluate stages and stalls at this date; default: to' })
  @MayBeOmitted()
  @IsCalendarDate()
  asOf?: string;
  @ExportFormatParameter() format?: ExportFormat;
}
