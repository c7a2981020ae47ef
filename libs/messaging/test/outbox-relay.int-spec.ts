import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { metricsRegistry } from '@parkledger/platform';
import { eventually, readTopic } from '@parkledger/testing';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { type EventPublisher, KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { emitProbes, PROBE_SCHEMA, probeOutbox } from './probe-service';
import { probeWorld, startRelay } from './probe-world';

describe('outbox and relay', () => {
  const world = probeWorld('outbox_relay');

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await world.pool.query<{ n: string }>(sql, params)).rows[0]?.n);

  it('commits events with their change, or neither', async () => {
    const outbox = probeOutbox(world.tk.topicPrefix);
    const ids = await emitProbes(world.pool, outbox, 'probe-a', 2);
    expect(await count(`SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE event_id = ANY($1)`, [ids])).toBe(2);

    const client = await world.pool.connect();
    await client.query('BEGIN');
    await client.query(`UPDATE ${PROBE_SCHEMA}.probes SET version = 99 WHERE id = 'probe-a'`);
    const rolledBack = await outbox.append(client, [
      {
        type: 'parkledger.probe.emitted.v1',
        aggregateId: 'probe-a',
        aggregateVersion: 99,
        payload: { probeId: 'probe-a', sequence: 99n },
      },
    ]);
    await client.query('ROLLBACK');
    client.release();

    expect(await count(`SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE event_id = ANY($1)`, [rolledBack])).toBe(
      0,
    );
    expect(await count(`SELECT version AS n FROM ${PROBE_SCHEMA}.probes WHERE id = 'probe-a'`)).toBe(2);
  });

  it('publishes committed events keyed by aggregate, with CloudEvents headers, and marks them', async () => {
    // With polling an hour apart, only a wake-up can make the relay publish in time for this test.
    const { relay, stop } = startRelay(world, { pollIntervalMs: 3_600_000 });
    let replica: ReturnType<typeof startRelay> | undefined;
    try {
      await eventually('the relay to publish the first two events', () => relay.published === 2);
      replica = startRelay(world, { pollIntervalMs: 3_600_000 }); // started second, so it does not lead
      const ids = await emitProbes(world.pool, probeOutbox(world.tk.topicPrefix), 'probe-b', 3);
      relay.rowsCommitted();
      await eventually('the relay to be woken in its process', () => relay.published === 5, 10_000);
      // in another replica, whose relay does not lead, a commit wakes the leader with a NOTIFY
      await emitProbes(world.pool, probeOutbox(world.tk.topicPrefix), 'probe-b2', 1);
      replica.relay.rowsCommitted();
      await eventually('the leading relay to be woken by NOTIFY', () => relay.published === 6, 10_000);
      expect(replica.relay.published).toBe(0);
      expect(await world.unpublished()).toBe(0);

      const records = await readTopic(world.tk.kafka, world.topic);
      const probeB = records.filter((record) => record.key === 'probe-b');
      expect(probeB.map((record) => record.headers.ce_id)).toEqual(ids);
      for (const record of probeB) {
        const envelope = parseEnvelope(record.headers);
        expect(envelope).toMatchObject({
          type: 'parkledger.probe.emitted.v1',
          source: '/parkledger/probe-service',
          subject: 'probe-b',
          aggregateType: 'probe',
        });
        expect(record.headers['content-type']).toBe('application/protobuf');
        expect(record.headers.ce_specversion).toBe('1.0');
        const event = decodeEvent(envelope.type, record.value);
        if (event.type !== 'parkledger.probe.emitted.v1') throw new Error(`unexpected ${event.type}`);
        expect(event.payload.sequence.toString()).toBe(envelope.aggregateVersion);
      }
      expect(probeB.map((record) => record.headers.ce_aggregateversion)).toEqual(['1', '2', '3']);
    } finally {
      await replica?.stop();
      await stop();
    }
  });

  it('sets aside a row that keeps failing, holds the later rows of its aggregate, and goes on', async () => {
    const outbox = probeOutbox(world.tk.topicPrefix);
    const [a1] = await emitProbes(world.pool, outbox, 'probe-c', 1);
    const [d1] = await emitProbes(world.pool, outbox, 'probe-d', 1);
    // probe-d's first event names a topic the broker does not have, as a hand-written list missing it would
    const missing = `${world.tk.topicPrefix}missing.v1`;
    await world.pool.query(`UPDATE ${PROBE_SCHEMA}.outbox SET topic = $2 WHERE event_id = $1`, [d1, missing]);
    const [d2] = await emitProbes(world.pool, outbox, 'probe-d', 1);
    const [a2] = await emitProbes(world.pool, outbox, 'probe-c', 1);
    const setAsideBefore = await setAsideCount();

    const { relay, stop } = startRelay(world, { maxAttempts: 2 });
    try {
      await eventually(
        'the other aggregate published',
        async () =>
          (await count(
            `SELECT count(*) AS n FROM ${PROBE_SCHEMA}.outbox WHERE event_id = $1 AND published_at IS NOT NULL`,
            [a2],
          )) === 1,
        90_000,
      );
      await eventually('the bad row set aside', async () => (await rowState(d1)).set_aside === true, 30_000);
      expect(await rowState(a1)).toMatchObject({ published: true, set_aside: false });
      expect(await rowState(d1)).toMatchObject({
        published: false,
        set_aside: true,
        attempts: 2,
        set_aside_reason: expect.stringMatching(/\S/) as unknown,
      });
      // probe-d's second event waits behind its first: never published out of order
      expect(await rowState(d2)).toMatchObject({ published: false, set_aside: false });
      expect(relay.setAside).toBe(1);
      expect((await setAsideCount()) - setAsideBefore).toBe(1);
      const records = await readTopic(world.tk.kafka, world.topic);
      expect(records.filter((record) => record.key === 'probe-c').map((record) => record.headers.ce_id)).toEqual([
        a1,
        a2,
      ]);
      expect(records.filter((record) => record.key === 'probe-d')).toEqual([]);
    } finally {
      await stop();
    }
  }, 150_000);

  it('counts nothing against a row while the broker that leads its partition is away, goes on with the others, and publishes it in order after', async () => {
    const outbox = probeOutbox(world.tk.topicPrefix);
    const [e1] = await emitProbes(world.pool, outbox, 'probe-e', 1);
    const [f1] = await emitProbes(world.pool, outbox, 'probe-f', 1);
    const [e2] = await emitProbes(world.pool, outbox, 'probe-e', 1);
    // The cluster answers, but publishing probe-e fails as kafkajs fails it while the broker that
    // leads its partition is down and the controller has not yet moved the partition to another.
    const kafka = new KafkajsEventPublisher(world.tk.kafka);
    let away = true;
    let failedPublishes = 0;
    const publisher: EventPublisher = {
      publish: async (records) => {
        if (away && records.some((record) => record.key === 'probe-e')) {
          failedPublishes += 1;
          const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:29094');
          throw new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 });
        }
        await kafka.publish(records);
      },
      reachable: () => kafka.reachable(),
      outage: (error) => kafka.outage(error),
      close: () => kafka.close(),
    };
    const { stop } = startRelay(world, { publisher, maxAttempts: 2 });
    try {
      // three passes at least: a relay that counted them would have set the row aside at the second
      await eventually(
        'three passes at the outbox, or the row set aside',
        async () => failedPublishes >= 6 || (await rowState(e1)).set_aside,
        30_000,
      );
      expect(await rowState(e1)).toMatchObject({ published: false, set_aside: false, attempts: 0 });
      // the other aggregate, on a partition whose leader answers, went on
      expect(await rowState(f1)).toMatchObject({ published: true, set_aside: false, attempts: 0 });
      away = false;
      await eventually('the three rows published', async () => (await rowState(e2)).published, 30_000);
      for (const id of [e1, f1, e2]) {
        expect(await rowState(id)).toMatchObject({ published: true, set_aside: false, attempts: 0 });
      }
      const records = await readTopic(world.tk.kafka, world.topic);
      expect(records.filter((record) => record.key === 'probe-e').map((record) => record.headers.ce_id)).toEqual([
        e1,
        e2,
      ]);
    } finally {
      await stop();
    }
  }, 90_000);

  async function rowState(
    eventId: string | undefined,
  ): Promise<{ published: boolean; set_aside: boolean; attempts: number; set_aside_reason: string | null }> {
    const { rows } = await world.pool.query<{
      published: boolean;
      set_aside: boolean;
      attempts: number;
      set_aside_reason: string | null;
    }>(
      `SELECT published_at IS NOT NULL AS published, set_aside_at IS NOT NULL AS set_aside, attempts, set_aside_reason
         FROM ${PROBE_SCHEMA}.outbox WHERE event_id = $1`,
      [eventId],
    );
    if (rows[0] === undefined) throw new Error(`no outbox row ${eventId}`);
    return rows[0];
  }

  async function setAsideCount(): Promise<number> {
    const metric = metricsRegistry.getSingleMetric('parkledger_outbox_set_aside_total');
    const values = metric === undefined ? [] : (await metric.get()).values;
    return values.find((value) => value.labels.schema === PROBE_SCHEMA)?.value ?? 0;
  }
});
