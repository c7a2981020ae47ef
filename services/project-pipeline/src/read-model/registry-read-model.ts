import { type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { type PoolClient } from 'pg';

/** The registry topics the pipeline learns parks and enterprises from. */
export const REGISTRY_TOPICS = ['parkledger.parks.v1', 'parkledger.enterprises.v1'];

const upsertPark = `
  INSERT INTO known_parks (id, parent_id, name_en, removed, version, retired_on) VALUES ($1, $2, $3, false, $4, $5)
  ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, name_en = EXCLUDED.name_en, version = EXCLUDED.version,
    retired_on = EXCLUDED.retired_on
  WHERE known_parks.version < EXCLUDED.version`;

/** What a registry event changes in the read model, whichever of the event types it came as. */
export type RegistryChange =
  | { kind: 'park'; id: string; parentId: string | null; nameEn: string; retiredOn: string | null }
  | { kind: 'park-removed'; id: string }
  | { kind: 'enterprise'; id: string; name: string }
  /** an event of a registry topic the read model takes nothing from (an enterprise's milestone) */
  | { kind: 'none' };

/**
 * What one registry event changes: the one place the read model decides which events it takes and
 * reads their payloads, for `applyRegistryEvent` and `applyRegistryEvents` alike, so the two cannot
 * drift apart. The empty strings of protobuf become nulls (a root park, a park in use).
 */
export function registryChange(event: ConsumedEvent['event']): RegistryChange {
  switch (event.type) {
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.retired.v1': {
      const park = event.payload.park;
      if (park === undefined) throw new Error(`${event.type} without a park`);
      return {
        kind: 'park',
        id: park.id,
        parentId: park.parentId === '' ? null : park.parentId,
        nameEn: park.nameEn,
        retiredOn: park.retiredOn === '' ? null : park.retiredOn,
      };
    }
    case 'parkledger.park.removed.v1':
      return { kind: 'park-removed', id: event.payload.parkId };
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1': {
      const enterprise = event.payload.enterprise;
      if (enterprise === undefined) throw new Error(`${event.type} without an enterprise`);
      return { kind: 'enterprise', id: enterprise.id, name: enterprise.name };
    }
    case 'parkledger.enterprise.milestone-recorded.v1':
      return { kind: 'none' };
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-made.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.entry-reversed.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
    case 'parkledger.fund.reinvestment-required.v1':
    case 'parkledger.policy.published.v1':
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.granted.v1':
    case 'parkledger.award.rejected.v1':
    case 'parkledger.award.paid.v1':
    case 'parkledger.award.revoked.v1':
    case 'parkledger.award.recaptured.v1':
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.checkpoint.signed.v1':
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
    case 'parkledger.project.registered.v1':
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
      // not on the registry topics: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw new Error(`the pipeline's read model does not handle ${event.type}`);
  }
  return assertNever(event, 'event');
}

/**
 * Applies the park registry's events to the pipeline's read model, inside the inbox transaction.
 * Newer versions win, so an old event arriving late changes nothing.
 */
export async function applyRegistryEvent({ event, envelope }: ConsumedEvent, tx: PoolClient): Promise<void> {
  const version = envelope.aggregateVersion;
  const change = registryChange(event);
  switch (change.kind) {
    case 'park':
      await tx.query(upsertPark, [change.id, change.parentId, change.nameEn, version, change.retiredOn]);
      return;
    case 'park-removed':
      await tx.query('UPDATE known_parks SET removed = true, version = $2 WHERE id = $1 AND version < $2', [
        change.id,
        version,
      ]);
      return;
    case 'enterprise':
      await tx.query(
        `INSERT INTO known_enterprises (id, name, version) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
         WHERE known_enterprises.version < EXCLUDED.version`,
        [change.id, change.name, version],
      );
      return;
    case 'none':
      return;
  }
}

interface ParkFold {
  id: string;
  version: number;
  /** the newest registered/updated/moved/retired event's park, if the run has one */
  data?: Extract<RegistryChange, { kind: 'park' }>;
  removed: boolean;
}

/**
 * A run of the registry's events in at most three statements, with the same result as
 * `applyRegistryEvent` on each in turn. An aggregate's events reach a partition in version order
 * (one outbox row per version, published in order), so its events in a run fold into its newest
 * state, written only over an older version; an event not newer than the fold so far (a late copy)
 * is skipped, as it would be one by one. A removal is final in the registry, so it is OR-ed in.
 */
export async function applyRegistryEvents(events: readonly ConsumedEvent[], tx: PoolClient): Promise<void> {
  const parks = new Map<string, ParkFold>();
  const enterprises = new Map<string, { version: number; name: string }>();
  for (const { event, envelope } of events) {
    const version = Number(envelope.aggregateVersion);
    const change = registryChange(event);
    switch (change.kind) {
      case 'park': {
        const fold = parks.get(change.id) ?? { id: change.id, version: 0, removed: false };
        if (version <= fold.version) continue;
        fold.data = change;
        fold.version = version;
        parks.set(change.id, fold);
        continue;
      }
      case 'park-removed': {
        const fold = parks.get(change.id) ?? { id: change.id, version: 0, removed: false };
        if (version <= fold.version) continue;
        fold.removed = true;
        fold.version = version;
        parks.set(fold.id, fold);
        continue;
      }
      case 'enterprise':
        if ((enterprises.get(change.id)?.version ?? 0) < version) {
          enterprises.set(change.id, { version, name: change.name });
        }
        continue;
      case 'none':
        continue;
    }
  }
  const withData = [...parks.values()].filter((fold) => fold.data !== undefined);
  if (withData.length > 0) {
    await tx.query(
      `INSERT INTO known_parks (id, parent_id, name_en, removed, version, retired_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::boolean[], $5::bigint[], $6::date[])
       ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, name_en = EXCLUDED.name_en,
         removed = known_parks.removed OR EXCLUDED.removed, version = EXCLUDED.version,
         retired_on = EXCLUDED.retired_on
       WHERE known_parks.version < EXCLUDED.version`,
      [
        withData.map((fold) => fold.id),
        withData.map((fold) => fold.data?.parentId ?? null),
        withData.map((fold) => fold.data?.nameEn ?? ''),
        withData.map((fold) => fold.removed),
        withData.map((fold) => fold.version),
        withData.map((fold) => fold.data?.retiredOn ?? null),
      ],
    );
  }
  const removedOnly = [...parks.values()].filter((fold) => fold.data === undefined);
  if (removedOnly.length > 0) {
    await tx.query(
      `UPDATE known_parks k SET removed = true, version = r.version
         FROM unnest($1::uuid[], $2::bigint[]) AS r (id, version)
        WHERE k.id = r.id AND k.version < r.version`,
      [removedOnly.map((fold) => fold.id), removedOnly.map((fold) => fold.version)],
    );
  }
  if (enterprises.size > 0) {
    const rows = [...enterprises];
    await tx.query(
      `INSERT INTO known_enterprises (id, name, version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
       WHERE known_enterprises.version < EXCLUDED.version`,
      [rows.map(([id]) => id), rows.map(([, e]) => e.name), rows.map(([, e]) => e.version)],
    );
  }
}
