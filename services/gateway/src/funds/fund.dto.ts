import {
  FUND_KINDS,
  IMPORTABLE_OPERATIONS,
  INVESTMENT_FORMS,
  INVESTMENT_TARGET_KINDS,
  JOURNAL_OPERATIONS,
  MAX_IMPORTED_ENTRIES,
  PARTNER_KINDS,
  PARTNER_ROLES,
} from '@parkledger/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { CURRENCIES_FOR_API } from '../http/domain';
import { MoneyDto, PageQuery, SignedMoneyDto } from '../http/dto';
import { IsInstant } from '../http/instant.validator';
import { MayBeOmitted } from '../http/may-be-omitted';
import { HasSign } from '../http/money-sign.validator';
import { type ExportFormat, ExportFormatParameter } from '../exports/export-format';

const IN_FUND_CURRENCY = 'in the fund’s currency';

export class RegisterFundDto {
  @ApiProperty({ example: '菏泽市产业发展基金' }) @IsString() @MinLength(1) @MaxLength(200) nameZh!: string;
  @ApiProperty({ example: 'Heze Industrial Development Fund' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameEn!: string;
  @ApiProperty({ enum: FUND_KINDS }) @IsIn(FUND_KINDS) kind!: string;
  @ApiProperty({ enum: CURRENCIES_FOR_API, example: 'CNY', description: 'ISO 4217; every amount of the fund is in it' })
  @IsIn(CURRENCIES_FOR_API)
  currency!: string;
  @ApiProperty({ example: 'Heze Investment Fund Management Co.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  manager!: string;
  @ApiProperty({ example: '2021-06-30', description: 'no entry may be dated before it' })
  @IsCalendarDate()
  vintageOn!: string;
  @ApiPropertyOptional({ type: [String], description: 'park ids: the roots of the park subtrees it serves' })
  @MayBeOmitted()
  @IsArray()
  @IsUUID(undefined, { each: true })
  @ArrayUnique()
  regionParkIds?: string[];
}

export class CommitPartnerDto {
  @ApiProperty({ example: 'Yankuang Group', description: 'unique within the fund' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
  @ApiProperty({ enum: PARTNER_KINDS }) @IsIn(PARTNER_KINDS) kind!: string;
  @ApiProperty({ enum: PARTNER_ROLES }) @IsIn(PARTNER_ROLES) role!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for kind fund: the fund of this ledger that commits' })
  @MayBeOmitted()
  @IsUUID()
  partnerFundId?: string;
  @ApiProperty({ type: MoneyDto, description: `more than 0, ${IN_FUND_CURRENCY}` })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  commitment!: MoneyDto;
  @ApiProperty({ example: '2021-07-01' }) @IsCalendarDate() effectiveOn!: string;
}

export class ChangeCommitmentDto {
  @ApiProperty({
    type: SignedMoneyDto,
    description: `positive raises, negative cuts (down to what has been called); never 0; ${IN_FUND_CURRENCY}`,
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => SignedMoneyDto)
  @HasSign('non-zero')
  change!: SignedMoneyDto;
  @ApiProperty({ example: '2022-01-01' }) @IsCalendarDate() effectiveOn!: string;
}

export class CallCapitalDto {
  @ApiProperty({ type: MoneyDto, description: `more than 0, split over the partners’ unfunded commitments` })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2022-03-01' }) @IsCalendarDate() effectiveOn!: string;
  @ApiProperty({ example: '2022-03-31', description: 'on or after effectiveOn' }) @IsCalendarDate() dueOn!: string;
}

export class ReceiveContributionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() callId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() partnerId!: string;
  @ApiProperty({ type: MoneyDto, description: 'more than 0' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2022-03-20' }) @IsCalendarDate() effectiveOn!: string;
}

export class MakeInvestmentDto {
  @ApiProperty({ enum: INVESTMENT_TARGET_KINDS }) @IsIn(INVESTMENT_TARGET_KINDS) targetKind!: string;
  @ApiProperty({ format: 'uuid', description: 'the project or enterprise' }) @IsUUID() targetId!: string;
  @ApiProperty({ enum: INVESTMENT_FORMS }) @IsIn(INVESTMENT_FORMS) form!: string;
  @ApiProperty({ type: MoneyDto, description: 'more than 0, paid from the fund’s cash' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2022-05-10' }) @IsCalendarDate() effectiveOn!: string;
}

export class ValueInvestmentDto {
  @ApiProperty({ type: MoneyDto, description: 'the fair value of what remains, 0 or more' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  fairValue!: MoneyDto;
  @ApiProperty({ example: '2023-12-31' }) @IsCalendarDate() effectiveOn!: string;
}

export class RealiseExitDto {
  @ApiProperty({ type: MoneyDto, description: 'the part of the remaining cost that is sold, more than 0' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  cost!: MoneyDto;
  @ApiProperty({ type: MoneyDto, description: 'what the sale brought, 0 or more' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  proceeds!: MoneyDto;
  @ApiProperty({ example: '2025-03-31' }) @IsCalendarDate() effectiveOn!: string;
}

export class WriteOffDto {
  @ApiProperty({ type: MoneyDto, description: 'more than 0, at most the remaining cost' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2024-12-31' }) @IsCalendarDate() effectiveOn!: string;
}

export class PartnerAmountDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() partnerId!: string;
  @ApiProperty({ type: MoneyDto, description: '0 or more' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;
}

export class DistributeDto {
  @ApiProperty({ type: MoneyDto, description: 'more than 0, paid from the fund’s cash' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2025-04-30' }) @IsCalendarDate() effectiveOn!: string;
  @ApiPropertyOptional({
    type: [PartnerAmountDto],
    description: 'each partner’s amount, summing to amount; omitted: pro rata to paid-in capital',
  })
  @MayBeOmitted()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PartnerAmountDto)
  shares?: PartnerAmountDto[];
}

export class ImportedPostingDto {
  @ApiProperty({
    example: 'fees',
    description:
      'cash, fees, unrealised-gain, realised-gain, written-off, distributed:<partner id>, investment:<investment id> or valuation:<investment id>',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  account!: string;
  @ApiProperty({ type: SignedMoneyDto, description: `a debit (> 0) or a credit (< 0), not 0, ${IN_FUND_CURRENCY}` })
  @IsDefined()
  @ValidateNested()
  @Type(() => SignedMoneyDto)
  @HasSign('non-zero')
  amount!: SignedMoneyDto;
}

export class ImportedEntryDto {
  @ApiProperty({ example: '2024-12-31' }) @IsCalendarDate() effectiveOn!: string;
  @ApiProperty({ enum: IMPORTABLE_OPERATIONS }) @IsIn(IMPORTABLE_OPERATIONS) operation!: string;
  @ApiPropertyOptional({ example: 'management fee, Q4 2024' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(500)
  memo?: string;
  @ApiProperty({ type: [ImportedPostingDto], description: 'at least two, summing to 0' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ImportedPostingDto)
  postings!: ImportedPostingDto[];
}

export class ImportEntriesDto {
  @ApiProperty({
    type: [ImportedEntryDto],
    description: `1 to ${MAX_IMPORTED_ENTRIES}, written in this order, all or none`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORTED_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => ImportedEntryDto)
  entries!: ImportedEntryDto[];
}

export class ChargeFeeDto {
  @ApiProperty({ type: MoneyDto, description: 'more than 0, paid from the fund’s cash' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSign('positive')
  amount!: MoneyDto;
  @ApiProperty({ example: '2022-12-31' }) @IsCalendarDate() effectiveOn!: string;
  @ApiPropertyOptional({ example: 'management fee 2022' }) @MayBeOmitted() @IsString() @MaxLength(500) memo?: string;
}

export class ReverseEntryDto {
  @ApiProperty({ example: '2023-01-10', description: 'the reversal’s own date, in an open period' })
  @IsCalendarDate()
  effectiveOn!: string;
  @ApiProperty({ example: 'booked twice' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class ClosePeriodDto {
  @ApiProperty({ example: '2022-12-31', description: 'the books are closed through this date' })
  @IsCalendarDate()
  through!: string;
}

export class FundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FUND_KINDS }) @MayBeOmitted() @IsIn(FUND_KINDS) kind?: string;
}

export class ReinvestmentRequirementDto {
  @ApiProperty({ type: [String], description: 'the roots of the park subtrees that count; at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  regionParkIds!: string[];
  @ApiProperty({
    example: '1.2',
    description: 'a decimal above 0 with at most 4 places: the multiple of the commitment',
  })
  @IsString()
  @Matches(/^\d{1,8}(\.\d{1,4})?$/, { message: 'ratio must be a decimal like "1.2"' })
  ratio!: string;
  @ApiProperty({ format: 'uuid', description: 'the partner whose commitment the ratio is of' })
  @IsUUID('all')
  partnerId!: string;
  @ApiProperty({ example: '2021-01-15' }) @IsCalendarDate() effectiveOn!: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'default: today' })
  @MayBeOmitted()
  @IsCalendarDate()
  asOf?: string;
}

export class CapitalAccountQuery {
  @ApiProperty({
    example: '2024-01-01',
    description: 'the period’s first day, inclusive: on or after the fund’s vintage and on or before to',
  })
  @IsCalendarDate()
  from!: string;
  @ApiProperty({ example: '2024-12-31', description: 'the period’s last day, inclusive' })
  @IsCalendarDate()
  to!: string;
  @ExportFormatParameter() format?: ExportFormat;
}

export class BalancesQuery {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'entries effective on or before it; default: all' })
  @MayBeOmitted()
  @IsCalendarDate()
  asOf?: string;
  @ApiPropertyOptional({
    example: '2025-01-15T00:00:00Z',
    description: 'only entries recorded by then (as it was known), RFC 3339 (an offset’s + written %2B); default: now',
  })
  @MayBeOmitted()
  @IsInstant()
  knownAt?: string;
  @ApiPropertyOptional({ example: 'unfunded:', description: 'only accounts starting with it' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  accountPrefix?: string;
}

export class JournalQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2022-01-01', description: 'entries effective on or after it' })
  @MayBeOmitted()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ example: '2022-12-31', description: 'entries effective on or before it' })
  @MayBeOmitted()
  @IsCalendarDate()
  to?: string;
  @ApiPropertyOptional({ enum: JOURNAL_OPERATIONS }) @MayBeOmitted() @IsIn(JOURNAL_OPERATIONS) operation?: string;
  @ApiPropertyOptional({ example: 'cash', description: 'entries with a posting to this account' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  account?: string;
}
