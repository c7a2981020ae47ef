import { uuidv7 } from '@parkledger/platform';
import pino from 'pino';
import { RetentionPruner } from '../src/retention/retention-pruner';
import { emitProbes, PROBE_SCHEMA, probeOutbox } from './probe-service';
import { probeWorld } from './probe-world';

describe('retention of outbox rows, inbox ids and request answers', () => {
  const world = probeWorld('retention');

  const ids = async (sql: string): Promise<string[]> =>
    (await world.pool.query<{ id: string }>(sql)).rows.map((row) => row.id).sort();

  it('prunes published outbox rows, inbox ids and request answers older than their retention, in batches, and keeps the rest', async () => {
    const outbox = probeOutbox(world.tk.topicPrefix);
    const oldPublished = await emitProbes(world.pool, outbox, 'probe-old', 5);
    const freshPublished = await emitProbes(world.pool, outbox, 'probe-fresh', 1);
    const oldUnpublished = await emitProbes(world.pool, outbox, 'probe-waiting', 1);
    await world.pool.query(
      `UPDATE ${PROBE_SCHEMA}.outbox SET published_at = now() - interval '169 hours' WHERE event_id = ANY($1)`,
      [oldPublished],
    );
    await world.pool.query(`UPDATE ${PROBE_SCHEMA}.outbox SET published_at = now() WHERE event_id = ANY($1)`, [
      freshPublished,
    ]);
    await world.pool.query(
      `UPDATE ${PROBE_SCHEMA}.outbox SET occurred_at = now() - interval '400 hours' WHERE event_id = ANY($1)`,
      [oldUnpublished],
    );

    const oldInbox = [uuidv7(), uuidv7(), uuidv7()];
    const freshInbox = [uuidv7()];
    await world.pool.query(
      `INSERT INTO ${PROBE_SCHEMA}.inbox (consumer, event_id, event_type, topic, "partition", "offset", processed_at)
       SELECT 'pltest-retention', id, 'parkledger.probe.emitted.v1', 't', 0, 0,
              CASE WHEN id = ANY($2) THEN now() - interval '193 hours' ELSE now() - interval '191 hours' END
         FROM unnest($1::uuid[]) AS id`,
      [[...oldInbox, ...freshInbox], oldInbox],
    );

    await world.pool.query(
      `INSERT INTO ${PROBE_SCHEMA}.processed_requests (request_id, fingerprint, response, created_at)
       SELECT id, 'f', '{}', CASE WHEN id LIKE 'old%' THEN now() - interval '25 hours' ELSE now() - interval '23 hours' END
         FROM unnest($1::text[]) AS id`,
      [['old-1', 'old-2', 'old-3', 'fresh-1']],
    );

    const pruner = new RetentionPruner({
      schema: PROBE_SCHEMA,
      pool: world.pool,
      outboxRetentionHours: 168,
      inboxRetentionHours: 192,
      requestRetentionHours: 24,
      logger: pino({ level: 'silent' }),
      batchSize: 2,
      pauseMs: 1,
    });
    expect(await pruner.pruneOnce()).toEqual({ outbox: 5, inbox: 3, requests: 3 });

    expect(await ids(`SELECT event_id::text AS id FROM ${PROBE_SCHEMA}.outbox`)).toEqual(
      [...freshPublished, ...oldUnpublished].sort(),
    );
    expect(await ids(`SELECT event_id::text AS id FROM ${PROBE_SCHEMA}.inbox`)).toEqual(freshInbox);
    expect(await ids(`SELECT request_id AS id FROM ${PROBE_SCHEMA}.processed_requests`)).toEqual(['fresh-1']);
    expect(await pruner.pruneOnce()).toEqual({ outbox: 0, inbox: 0, requests: 0 });
  });
});
