import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type EnterpriseJson, type MoneyJson, type ParkJson, type SettlementJson } from '@parkledger/contracts';
import { Money } from '@parkledger/platform';

export class MoneyView {
  @ApiProperty({ example: '50000000.00', description: 'decimal string, never a float' })
  amount!: string;
  @ApiProperty({ example: 'CNY' })
  currency!: string;
}

/** A service's money (integer minor units) as the API writes it: a decimal string and its currency. */
export const moneyView = (money: MoneyJson | undefined): MoneyView =>
  Money.ofMinor(BigInt(money?.minorUnits ?? '0'), money?.currency ?? 'CNY').toJSON();

export class ParkView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ example: 'park' }) kind!: string;
  @ApiProperty({ example: '济南生命科学城' }) nameZh!: string;
  @ApiProperty({ example: 'Jinan Life Science City' }) nameEn!: string;
  @ApiProperty({ example: '53.8', nullable: true, type: String, description: 'km², exact decimal string' })
  plannedAreaKm2!: string | null;
  @ApiProperty({ type: [String] }) focusIndustries!: string[];
  @ApiProperty() operator!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: 'date',
    description: 'the date from which the park is retired; null while it is in use',
  })
  retiredOn!: string | null;
}

export class EnterpriseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '齐鲁制药有限公司' }) name!: string;
  @ApiProperty({ example: '914403001922038216' }) uscc!: string;
  @ApiProperty({ example: '2002-01-01', nullable: true, type: String }) foundedOn!: string | null;
  @ApiPropertyOptional({ type: MoneyView, nullable: true }) registeredCapital!: MoneyView | null;
  @ApiProperty({ type: [String] }) industryFields!: string[];
  @ApiProperty({ description: 'founded by people who returned from study or work abroad (海归创办)' })
  returneeFounded!: boolean;
  @ApiProperty() version!: number;
}

export class SettlementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty({ format: 'uuid' }) parkId!: string;
  @ApiProperty({ example: '2020-05-18' }) settledOn!: string;
  @ApiProperty({ nullable: true, type: String }) leftOn!: string | null;
  @ApiProperty() version!: number;
}

export class ParkPage {
  @ApiProperty({ type: [ParkView] }) items!: ParkView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}
export class EnterprisePage {
  @ApiProperty({ type: [EnterpriseView] }) items!: EnterpriseView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class SettlementPage {
  @ApiProperty({ type: [SettlementView] }) items!: SettlementView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class ParkSubtree {
  @ApiProperty({ type: [ParkView], description: 'the park first, then its descendants, parents before children' })
  items!: ParkView[];
}

/** An empty string of the contracts as null in a view. */
export const orNull = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);

/** A JSON object a service sends as text (a document, facts), or null when it sends none. */
export const jsonObject = (text: string | undefined): Record<string, unknown> | null =>
  text === undefined || text === '' ? null : (JSON.parse(text) as Record<string, unknown>);

export function parkView(park: ParkJson | undefined): ParkView {
  return {
    id: park?.id ?? '',
    parentId: orNull(park?.parentId),
    kind: park?.kind ?? '',
    nameZh: park?.nameZh ?? '',
    nameEn: park?.nameEn ?? '',
    plannedAreaKm2: orNull(park?.plannedAreaKm2),
    focusIndustries: park?.focusIndustries ?? [],
    operator: park?.operator ?? '',
    version: Number(park?.version ?? 0),
    retiredOn: orNull(park?.retiredOn),
  };
}

export function enterpriseView(enterprise: EnterpriseJson | undefined): EnterpriseView {
  const capital = enterprise?.registeredCapital;
  return {
    id: enterprise?.id ?? '',
    name: enterprise?.name ?? '',
    uscc: enterprise?.uscc ?? '',
    foundedOn: orNull(enterprise?.foundedOn),
    registeredCapital:
      capital === undefined || (capital.currency ?? '') === ''
        ? null
        : Money.ofMinor(BigInt(capital.minorUnits ?? '0'), capital.currency ?? '').toJSON(),
    industryFields: enterprise?.industryFields ?? [],
    returneeFounded: enterprise?.returneeFounded ?? false,
    version: Number(enterprise?.version ?? 0),
  };
}

export function settlementView(settlement: SettlementJson | undefined): SettlementView {
  return {
    id: settlement?.id ?? '',
    enterpriseId: settlement?.enterpriseId ?? '',
    parkId: settlement?.parkId ?? '',
    settledOn: settlement?.settledOn ?? '',
    leftOn: orNull(settlement?.leftOn),
    version: Number(settlement?.version ?? 0),
  };
}

export const nextCursor = (cursor: string | undefined): string | null => orNull(cursor);
