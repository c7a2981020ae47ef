import { type ParkJson } from '@parkledger/contracts';
import { formatArea, parseArea } from './park-hierarchy';
import { type ParkRow } from './parks.repository';

const area = (row: ParkRow): string =>
  row.planned_area_km2 === null ? '' : formatArea(parseArea(row.planned_area_km2));

/** For gRPC answers: int64 as a decimal string, as proto-loader sends it. */
export function parkJson(row: ParkRow): ParkJson {
  return {
    id: row.id,
    parentId: row.parent_id ?? '',
    kind: row.kind,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    plannedAreaKm2: area(row),
    focusIndustries: row.focus_industries,
    operator: row.operator,
    version: row.version,
    retiredOn: row.retired_on ?? '',
  };
}

/** For events: the protobuf message's fields, int64 as bigint. */
export function parkMessage(row: ParkRow) {
  return { ...parkJson(row), version: BigInt(row.version) };
}
