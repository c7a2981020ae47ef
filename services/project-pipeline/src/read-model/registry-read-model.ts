import { type ConsumedEvent } from '@parkledger/messaging';
import { type PoolClient } from 'pg';

/** The registry topics the pipeline learns parks and enterprises from. */
export const REGISTRY_TOPICS = ['parkledger.parks.v1', 'parkledger.enterprises.v1'];

const upsertPark = `
  INSERT INTO known_parks (id, parent_id, name_en, removed, version) VALUES ($1, $2, $3, false, $4)
  ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, name_en = EXCLUDED.name_en, version = EXCLUDED.version
  WHERE known_parks.version < EXCLUDED.version`;

/**
 * Applies the park registry's events to the pipeline's read model, inside the inbox transaction.
 * Newer versions win, so an old event arriving late changes nothing.
 */
export async function applyRegistryEvent({ event, envelope }: ConsumedEvent, tx: PoolClient): Promise<void> {
  const version = envelope.aggregateVersion;
  switch (event.type) {
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1': {
      const park = event.payload.park;
      if (park === undefined) throw new Error(`${event.type} without a park`);
      await tx.query(upsertPark, [park.id, park.parentId === '' ? null : park.parentId, park.nameEn, version]);
      return;
    }
    case 'parkledger.park.removed.v1':
      await tx.query('UPDATE known_parks SET removed = true, version = $2 WHERE id = $1 AND version < $2', [
        event.payload.parkId,
        version,
      ]);
      return;
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1': {
      const enterprise = event.payload.enterprise;
      if (enterprise === undefined) throw new Error(`${event.type} without an enterprise`);
      await tx.query(
        `INSERT INTO known_enterprises (id, name, version) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
         WHERE known_enterprises.version < EXCLUDED.version`,
        [enterprise.id, enterprise.name, version],
      );
      return;
    }
    default:
      // another aggregate's event on these topics would be a contract change: fail loudly (retries, then DLQ)
      throw new Error(`the pipeline's read model does not handle ${event.type}`);
  }
}
