// A simplified copy of the gateway's RegisterProjectDto (services/gateway/src/projects/project.dto.ts):
// the same fields and rules, written the way a plain NestJS app would, without the OpenAPI decorators.
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** ISO 4217 minor units of the currencies the API takes (libs/platform's MINOR_UNITS). */
const MINOR_UNITS: Record<string, number> = { CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0 };
/** libs/contracts' INDUSTRY_FIELDS */
const INDUSTRY_FIELDS = [
  'biological-medicine',
  'chemical-medicine',
  'tcm-and-natural-medicine',
  'medical-devices',
  'diagnostics',
  'health-services',
  'other',
];

/** A real calendar date written YYYY-MM-DD. */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class CalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    if (match === null) return false;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar date YYYY-MM-DD`;
  }
}

/** No more decimal places than the currency has. */
@ValidatorConstraint({ name: 'currency-decimals' })
export class FitsCurrency implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const places = MINOR_UNITS[String((args.object as { currency?: unknown }).currency)];
    if (typeof value !== 'string' || places === undefined) return true; // other rules say it
    return (value.split('.')[1]?.length ?? 0) <= places;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} has more decimal places than its currency has`;
  }
}

export class MoneyDto {
  @IsString()
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: 'amount must be a decimal string like "50000000.00"' })
  @Validate(FitsCurrency)
  amount!: string;

  @IsIn(Object.keys(MINOR_UNITS))
  currency!: string;
}

export class RegisterProjectDto {
  @IsUUID() parkId!: string;
  @IsUUID() enterpriseId!: string;
  @IsIn(INDUSTRY_FIELDS) industryField!: string;
  @IsString() @MinLength(1) @MaxLength(200) nameZh!: string;
  @IsString() @MinLength(1) @MaxLength(200) nameEn!: string;
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) plannedInvestment!: MoneyDto;
  /** may be omitted; when present, null included, it must be one of these */
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn(['LEAD', 'NEGOTIATING', 'SIGNED'])
  stage?: string;
  @Validate(CalendarDate) effectiveOn!: string;
}
