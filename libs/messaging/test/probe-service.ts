import { type Pool, type PoolClient } from 'pg';
import { type EventHandler, type RunHandler } from '../src/inbox/idempotent-consumer';
import { Outbox } from '../src/outbox/outbox';
import { messagingSchemaSql } from '../src/schema/messaging-schema';

/**
 * A tiny service for the messaging proofs: `probes` is its business table, each change of a probe
 * appends ProbeEmitted events; `probe_effects` is a consumer's effect table. It has no unique key
 * on event_id on purpose: only the inbox stands between a redelivery and a doubled row.
 */
export const PROBE_SCHEMA = 'probe_service';

export async function migrateProbeService(pool: Pool): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${PROBE_SCHEMA}`);
  await pool.query(messagingSchemaSql(PROBE_SCHEMA));
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${PROBE_SCHEMA}.probes (id text PRIMARY KEY, version bigint NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS ${PROBE_SCHEMA}.probe_effects (
      id bigserial PRIMARY KEY, event_id uuid NOT NULL, probe_id text NOT NULL, sequence bigint NOT NULL
    );`);
}

export const probeOutbox = (topicPrefix: string): Outbox =>
  new Outbox(PROBE_SCHEMA, '/parkledger/probe-service', topicPrefix);

/** One business transaction: bump a probe's version by `count` and append that many events. */
export async function emitProbes(pool: Pool, outbox: Outbox, probeId: string, count: number): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${PROBE_SCHEMA}.probes (id) VALUES ($1) ON CONFLICT DO NOTHING`, [probeId]);
    // The row lock orders concurrent writers of one probe, so versions and positions agree.
    const { rows } = await client.query<{ version: string }>(
      `UPDATE ${PROBE_SCHEMA}.probes SET version = version + $2 WHERE id = $1 RETURNING version`,
      [probeId, count],
    );
    const last = BigInt(rows[0]?.version ?? '0');
    const events = Array.from({ length: count }, (_, i) => {
      const sequence = last - BigInt(count) + BigInt(i) + 1n;
      return {
        type: 'parkledger.probe.emitted.v1' as const,
        aggregateId: probeId,
        aggregateVersion: sequence,
        payload: { probeId, sequence, note: `event ${sequence} of ${probeId}` },
      };
    });
    const ids = await outbox.append(client, events);
    await client.query('COMMIT');
    return ids;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The consumer's effect: one row per applied event. */
export const recordProbeEffect =
  (failing?: (eventId: string) => boolean): EventHandler =>
  async ({ envelope, event }, tx: PoolClient) => {
    // one event type only: a guard, not a switch (an event switch lists every type, with no default)
    if (event.type !== 'parkledger.probe.emitted.v1')
      throw new Error(`the probe consumer does not handle ${event.type}`);
    await tx.query(`INSERT INTO ${PROBE_SCHEMA}.probe_effects (event_id, probe_id, sequence) VALUES ($1, $2, $3)`, [
      envelope.id,
      event.payload.probeId,
      event.payload.sequence.toString(),
    ]);
    if (failing?.(envelope.id) === true) throw new Error(`effect of ${envelope.id} failed on purpose`);
  };

/** The same effect for a whole run in one statement; throws when any of the run is `failing`. */
export const recordProbeEffects =
  (failing: (eventId: string) => boolean, calls: { runs: number }): RunHandler =>
  async (events, tx: PoolClient) => {
    calls.runs += 1;
    const rows = events.map(({ envelope, event }) => {
      if (event.type !== 'parkledger.probe.emitted.v1')
        throw new Error(`the probe consumer does not handle ${event.type}`);
      return { id: envelope.id, probeId: event.payload.probeId, sequence: event.payload.sequence.toString() };
    });
    await tx.query(
      `INSERT INTO ${PROBE_SCHEMA}.probe_effects (event_id, probe_id, sequence)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])`,
      [rows.map((r) => r.id), rows.map((r) => r.probeId), rows.map((r) => r.sequence)],
    );
    const bad = rows.find((r) => failing(r.id));
    if (bad !== undefined) throw new Error(`effect of ${bad.id} failed on purpose`);
  };
