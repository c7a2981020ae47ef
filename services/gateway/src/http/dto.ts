import { type MoneyJson } from '@parkledger/contracts';
import { Money } from '@parkledger/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENCIES_FOR_API, INDUSTRY_FIELDS, PARK_KINDS } from './domain';
import { IsCalendarDate } from './calendar-date.validator';
import { FitsCurrency } from './money-amount.validator';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MayBeOmitted } from './may-be-omitted';

const DECIMAL_KM2 = /^\d{1,10}(\.\d{1,4})?$/;
const DECIMAL_MONEY = /^\d{1,16}(\.\d{1,2})?$/;
export const SIGNED_DECIMAL_MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;
export const MONEY_DECIMALS =
  'decimal string; its decimal places follow the currency (ISO 4217 minor units): at most 2, none for JPY';

/** A decimal money amount from a request, as the services take it: integer minor units. */
export const moneyJson = (money: { amount: string; currency: string }): MoneyJson => ({
  minorUnits: Money.parse(money.amount, money.currency).minor.toString(),
  currency: money.currency,
});

export class MoneyDto {
  @ApiProperty({ example: '50000000.00', description: MONEY_DECIMALS })
  @IsString()
  @Matches(DECIMAL_MONEY, { message: 'amount must be a decimal string like "50000000.00"' })
  @FitsCurrency()
  amount!: string;

  @ApiProperty({ enum: CURRENCIES_FOR_API, example: 'CNY' })
  @IsIn(CURRENCIES_FOR_API)
  currency!: string;
}

/** A signed amount, for a change that may go either way: negative for a decrease. */
export class SignedMoneyDto {
  @ApiProperty({ example: '50000000.00', description: `${MONEY_DECIMALS}; negative for a decrease` })
  @IsString()
  @Matches(SIGNED_DECIMAL_MONEY, { message: 'amount must be a decimal string like "-50000000.00"' })
  @FitsCurrency()
  amount!: string;

  @ApiProperty({ enum: CURRENCIES_FOR_API, example: 'CNY' })
  @IsIn(CURRENCIES_FOR_API)
  currency!: string;
}

export class RegisterParkDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'omit for a root (admins only)' })
  @MayBeOmitted()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ enum: PARK_KINDS })
  @IsIn(PARK_KINDS)
  kind!: string;

  @ApiProperty({ example: '济南生命科学城' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameZh!: string;

  @ApiProperty({ example: 'Jinan Life Science City' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameEn!: string;

  @ApiPropertyOptional({ example: '53.8', description: 'km², exact decimal string, at most 4 decimal places' })
  @MayBeOmitted()
  @IsString()
  @Matches(DECIMAL_KM2, { message: 'plannedAreaKm2 must be a decimal string like "53.8"' })
  plannedAreaKm2?: string;

  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS, isArray: true })
  @MayBeOmitted()
  @IsArray()
  @IsIn(INDUSTRY_FIELDS, { each: true })
  @ArrayUnique()
  focusIndustries?: string[];

  @ApiPropertyOptional({ example: 'Heze Modern Medical Port management service centre' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  operator?: string;
}

export class UpdateParkDto {
  @ApiPropertyOptional({ enum: PARK_KINDS }) @MayBeOmitted() @IsIn(PARK_KINDS) kind?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @MinLength(1) @MaxLength(200) nameZh?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @MinLength(1) @MaxLength(200) nameEn?: string;
  @ApiPropertyOptional({ example: '53.8' })
  @MayBeOmitted()
  @IsString()
  @Matches(DECIMAL_KM2, { message: 'plannedAreaKm2 must be a decimal string like "53.8"' })
  plannedAreaKm2?: string;
  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS, isArray: true, description: 'replaces the list' })
  @MayBeOmitted()
  @IsArray()
  @IsIn(INDUSTRY_FIELDS, { each: true })
  @ArrayUnique()
  focusIndustries?: string[];
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @MaxLength(200) operator?: string;
}

export class MoveParkDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null or omitted: make it a root (admins only)',
  })
  @MayBeOmitted()
  @IsUUID()
  parentId?: string | null;
}

export class RegisterEnterpriseDto {
  @ApiProperty({ example: '山东轩竹医药科技有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '914403001922038216', description: 'unified social credit code, GB 32100-2015' })
  @IsString()
  @Length(18, 18, { message: 'uscc must have exactly 18 characters' })
  uscc!: string;

  @ApiPropertyOptional({ example: '2002-06-01' })
  @MayBeOmitted()
  @IsCalendarDate()
  foundedOn?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => MoneyDto)
  registeredCapital?: MoneyDto;

  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS, isArray: true })
  @MayBeOmitted()
  @IsArray()
  @IsIn(INDUSTRY_FIELDS, { each: true })
  @ArrayUnique()
  industryFields?: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'founded by people who returned from study or work abroad (海归创办)',
  })
  @MayBeOmitted()
  @IsBoolean()
  returneeFounded?: boolean;
}

export class UpdateEnterpriseDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: MoneyDto })
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => MoneyDto)
  registeredCapital?: MoneyDto;
  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS, isArray: true, description: 'replaces the list' })
  @MayBeOmitted()
  @IsArray()
  @IsIn(INDUSTRY_FIELDS, { each: true })
  @ArrayUnique()
  industryFields?: string[];
  @ApiPropertyOptional({ description: 'founded by people who returned from study or work abroad (海归创办)' })
  @MayBeOmitted()
  @IsBoolean()
  returneeFounded?: boolean;
}

export class SettleEnterpriseDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enterpriseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() parkId!: string;
  @ApiProperty({ example: '2020-05-18' })
  @IsCalendarDate()
  settledOn!: string;
}

export class LeaveParkDto {
  @ApiProperty({ example: '2024-12-31' })
  @IsCalendarDate()
  leftOn!: string;
}

export class RetireParkDto {
  @ApiProperty({ example: '2025-06-30', description: 'the date from which the park is no longer in use' })
  @IsCalendarDate()
  effectiveDate!: string;
}

/** A page of a list as the services take it: the cursor and the limit, 0 for the default. */
export const pageJson = (query: PageQuery): { cursor: string; limit: number } => ({
  cursor: query.cursor ?? '',
  limit: query.limit ?? 0,
});

export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ParksQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the direct children of this park' })
  @MayBeOmitted()
  @IsUUID()
  parentId?: string;
  @ApiPropertyOptional({ enum: PARK_KINDS }) @MayBeOmitted() @IsIn(PARK_KINDS) kind?: string;
  @ApiPropertyOptional({ description: 'part of the Chinese or English name' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS }) @MayBeOmitted() @IsIn(INDUSTRY_FIELDS) focusIndustry?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'retired parks too (default: only parks in use)' })
  @MayBeOmitted()
  @IsIn(['true', 'false'])
  includeRetired?: string;
}

export class EnterprisesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the name' }) @MayBeOmitted() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(18, 18) uscc?: string;
  @ApiPropertyOptional({ enum: INDUSTRY_FIELDS }) @MayBeOmitted() @IsIn(INDUSTRY_FIELDS) industryField?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only enterprises founded (or not) by returnees' })
  @MayBeOmitted()
  @IsIn(['true', 'false'])
  returneeFounded?: string;
}

export class SettlementsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @MayBeOmitted() @IsUUID() parkId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @MayBeOmitted() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ description: 'only settlements that have not ended' })
  @MayBeOmitted()
  @IsIn(['true', 'false'])
  current?: string;
}
