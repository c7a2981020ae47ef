import { ErrorKind, parseDecimal, shortDecimal } from '@parkledger/platform';
import { ParkError, ParkErrorCode } from './park.errors';

/** Planned areas are exact decimals in km², kept to 4 places (100 m²). */
export const AREA_SCALE = 4;

export const parseArea = (km2: string): bigint => parseDecimal(km2, AREA_SCALE);
export const formatArea = (units: bigint): string => shortDecimal(units, AREA_SCALE);

export interface AreaNode {
  name: string;
  /** in units of AREA_SCALE; undefined when the plan gives no area */
  plannedArea: bigint | undefined;
}

/**
 * The children's planned areas may not add up to more than the parent's: Jinan Life Science City
 * is 53.8 km² = 21.6 + 32.2. The refusal names the numbers. A parent without an area limits nothing.
 * When the caller can't see the parent (and so not every sibling), it gives only the totals: a
 * message never names a park the caller may not read.
 */
export function assertChildrenFit(parent: AreaNode, children: readonly AreaNode[], callerSeesParent = true): void {
  if (parent.plannedArea === undefined) return;
  const sized = children.filter(
    (child): child is AreaNode & { plannedArea: bigint } => child.plannedArea !== undefined,
  );
  const total = sized.reduce((sum, child) => sum + child.plannedArea, 0n);
  if (total <= parent.plannedArea) return;
  const parts = sized.map((child) => `${child.name} ${formatArea(child.plannedArea)}`).join(' + ');
  throw new ParkError(
    ParkErrorCode.AreaExceedsParent,
    ErrorKind.Invalid,
    callerSeesParent
      ? `the planned areas of ${parent.name}'s children add up to ${formatArea(total)} km² (${parts}), more than its ${formatArea(parent.plannedArea)} km²`
      : `the children of the parent park would plan ${formatArea(total)} km² in total, more than its ${formatArea(parent.plannedArea)} km²`,
    [
      {
        field: 'plannedAreaKm2',
        rule: 'children-within-parent',
        message: `at most ${formatArea(parent.plannedArea)} km² in total`,
      },
    ],
  );
}

/**
 * Moving `parkId` under `newParentId` must not make a park its own ancestor. `parentOf` answers
 * the current parent of any park (null for a root).
 */
export function assertNoCycle(
  parkId: string,
  newParentId: string | null,
  parentOf: (id: string) => string | null,
): void {
  const seen = new Set<string>();
  for (let current = newParentId; current !== null; current = parentOf(current)) {
    if (current === parkId) {
      throw new ParkError(
        ParkErrorCode.Cycle,
        ErrorKind.Invalid,
        `moving park ${parkId} under ${newParentId} would make it its own ancestor`,
        [{ field: 'parentId', rule: 'no-cycle', message: 'a park cannot be moved under itself or its descendants' }],
      );
    }
    if (seen.has(current)) throw new Error(`the stored hierarchy already has a cycle through ${current}`);
    seen.add(current);
  }
}

/** What can refer to a park; any of them, ever, means it is retired instead of deleted. */
export type ParkReferrer = 'child-park' | 'settlement' | 'project';

const REFERRER_NAMES: Record<ParkReferrer, string> = {
  'child-park': 'a child park',
  settlement: 'a settlement',
  project: 'a project',
};

/**
 * History is never lost: only a park that nothing ever referred to (no child park, settlement or
 * project, now or before) is deleted; any other is retired with an effective date.
 */
export function assertRemovable(park: { id: string; name: string }, referrers: readonly ParkReferrer[]): void {
  if (referrers.length === 0) return;
  const by = referrers.map((referrer) => REFERRER_NAMES[referrer]).join(', ');
  throw new ParkError(
    ParkErrorCode.Referenced,
    ErrorKind.Conflict,
    `${park.name} has been referred to (by ${by}) and stays on record; retire it instead: POST /parks/${park.id}/retire with its effectiveDate`,
  );
}
