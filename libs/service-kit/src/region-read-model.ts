import { type PoolClient } from 'pg';

/**
 * A read model of the registry's park hierarchy and settlements, as a service that needs to know
 * where enterprises are keeps it in its own schema (`known_parks`, `known_settlements`, the same
 * columns in each). Each row takes a newer aggregate version only, so a repeat or a late copy of an
 * event changes nothing. The service's consumer switches over the events and calls these.
 */
export const REGION_TOPICS = ['parkledger.parks.v1', 'parkledger.settlements.v1'];

export async function knowPark(
  tx: PoolClient,
  park: { id: string; parentId: string } | undefined,
  version: bigint | string,
): Promise<void> {
  if (park === undefined) throw new Error('a park event without its park');
  await tx.query(
    `INSERT INTO known_parks (id, parent_id, removed, version) VALUES ($1, $2, false, $3)
     ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, removed = false, version = EXCLUDED.version
     WHERE known_parks.version < EXCLUDED.version`,
    [park.id, park.parentId === '' ? null : park.parentId, version],
  );
}

export async function forgetPark(tx: PoolClient, parkId: string, version: bigint | string): Promise<void> {
  await tx.query('UPDATE known_parks SET removed = true, version = $2 WHERE id = $1 AND version < $2', [
    parkId,
    version,
  ]);
}

export async function knowSettlement(
  tx: PoolClient,
  settlement: { id: string; enterpriseId: string; parkId: string; settledOn: string; leftOn: string } | undefined,
  version: bigint | string,
): Promise<void> {
  if (settlement === undefined) throw new Error('a settlement event without its settlement');
  await tx.query(
    `INSERT INTO known_settlements (id, enterprise_id, park_id, settled_on, left_on, version)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET left_on = EXCLUDED.left_on, version = EXCLUDED.version
     WHERE known_settlements.version < EXCLUDED.version`,
    [
      settlement.id,
      settlement.enterpriseId,
      settlement.parkId,
      settlement.settledOn,
      settlement.leftOn === '' ? null : settlement.leftOn,
      version,
    ],
  );
}

/**
 * The recursive query of the parks under some roots, roots included and removed parks left out,
 * as a CTE named `region` over the uuid[] parameter `$n`.
 */
export const regionCte = (rootsParam: string): string => `region AS (
  SELECT id FROM known_parks WHERE id = ANY (${rootsParam}::uuid[]) AND NOT removed
  UNION SELECT k.id FROM known_parks k JOIN region r ON k.parent_id = r.id WHERE NOT k.removed
)`;
