import { uuidv7 } from '@parkledger/platform';
import { type Caller, serviceDataSource } from '@parkledger/service-kit';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { entryLeaf, Frontier, generateSignerKey } from '@parkledger/tlog';
import { type DataSource } from 'typeorm';
import { loadAuditConfig } from '../config/audit.config';
import { EventsRepository } from '../events/events.repository';
import { EventsService } from '../events/events.service';
import { AuditIngest } from '../log/audit-ingest';
import { AuditLogRepository, type DeliveredRecord } from '../log/audit-log.repository';
import { eventRecord, probeRecord, SPEC_ORIGIN, SPEC_SCHEMA } from '../testing/audit-under-test';
import { MIGRATIONS } from './migrations';
import { RecordMentions1767200000000 } from './migrations/1767200000000-record-mentions';

const auditor: Caller = { subject: 'a', role: 'auditor', parkScope: [], fundScope: [], policyScope: [] };

describe('the mentions’ migration on a log that has entries (real Postgres)', () => {
  let database: MigratedDatabase;
  let latest: DataSource;
  const project = uuidv7();
  const fund = uuidv7();
  const investment = uuidv7();
  const entry = uuidv7();
  const award = uuidv7();

  beforeAll(async () => {
    const signingKey = generateSignerKey(SPEC_ORIGIN);
    const config = (env: Record<string, string>) =>
      loadAuditConfig({ ...env, AUDIT_SIGNING_KEY: signingKey, AUDIT_ORIGIN: SPEC_ORIGIN });
    let latestFor: () => DataSource = () => {
      throw new Error('no database yet');
    };
    // the schema as the code before the mentions built it, then as the mentions' migration leaves it
    const mentions = MIGRATIONS.indexOf(RecordMentions1767200000000);
    database = await migratedDatabase('audit-mentions', SPEC_SCHEMA, (env) => {
      latestFor = () => serviceDataSource(config(env), SPEC_SCHEMA, MIGRATIONS.slice(0, mentions + 1));
      return serviceDataSource(config(env), SPEC_SCHEMA, MIGRATIONS.slice(0, mentions));
    });
    latest = latestFor();
  });
  afterAll(async () => {
    await latest?.destroy();
    await database?.stop();
  });

  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await database.pool(1).query(sql, params)).rows as T[];
  const tree = Frontier.of(0, []);
  /**
   * Entries as the ingest before the mentions wrote them (no mentions; null fields for one it could
   * not read) at the next positions, with their tree's nodes.
   */
  const insertEntries = async (records: readonly { record: DeliveredRecord; readable?: boolean }[]) => {
    const first = tree.size;
    const field = (pick: (record: DeliveredRecord) => string | undefined) =>
      records.map(({ record, readable = true }) => (readable ? (pick(record) ?? null) : null));
    await database.pool(1).query(
      `INSERT INTO entries (position, leaf, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,
                            occurred_at, correlation_id, topic, "partition", "offset", headers, value)
       SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                            $8::timestamptz[], $9::text[], $10::text[], $11::int[], $12::bigint[], $13::json[], $14::bytea[])`,
      [
        records.map((_, n) => first + n),
        records.map(({ record }) => entryLeaf(record)),
        field((r) => r.headers.ce_id),
        field((r) => r.headers.ce_type),
        field((r) => r.headers.ce_aggregatetype),
        field((r) => r.headers.ce_subject),
        field((r) => r.headers.ce_aggregateversion),
        field((r) => r.headers.ce_time),
        records.map(() => null),
        records.map(({ record }) => record.topic),
        records.map(() => 0),
        records.map(({ record }) => record.offset),
        records.map(({ record }) => JSON.stringify(record.headers)),
        records.map(({ record }) => record.value),
      ],
    );
    const nodes = records.flatMap(({ record }) => tree.append(entryLeaf(record)));
    await database
      .pool(1)
      .query('INSERT INTO nodes (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
        nodes.map((node) => node.level),
        nodes.map((node) => node.index),
        nodes.map((node) => node.hash),
      ]);
  };

  it('backfills what the entries logged before name, batch after batch, then takes entries only with their mentions', async () => {
    const made = eventRecord('parkledger.fund.investment-made.v1', fund, 1, {
      investment: { id: investment, targetKind: 'project', targetId: project },
      entry: { id: entry },
    });
    const granted = eventRecord('parkledger.award.granted.v1', award, 1, { award: { id: award, projectId: project } });
    // more entries than the backfill reads at once, naming the project on either side of 10, 1000 and a batch
    const naming = [9, 10, 999, 1000, 1205];
    const records = Array.from({ length: 1206 }, (_, position) => {
      if (position === 0) return { record: made };
      if (position === 2) return { record: { ...granted, value: Buffer.from([0xff]) }, readable: false };
      if (position === 3) return { record: granted };
      if (!naming.includes(position)) return { record: probeRecord(`p-before-${position}`, 1) };
      const other = uuidv7();
      return {
        record: eventRecord('parkledger.award.applied.v1', other, 1, { award: { id: other, projectId: project } }),
      };
    });
    await insertEntries(records);

    await latest.initialize();
    expect((await latest.runMigrations()).map((m) => m.name)).toEqual(['RecordMentions1767200000000']);
    expect(await rows('SELECT position::int, type, id FROM mentions ORDER BY position, type')).toEqual([
      { position: 0, type: 'investment', id: investment },
      { position: 0, type: 'journal-entry', id: entry },
      { position: 0, type: 'project', id: project },
      ...[3, ...naming].map((position) => ({ position, type: 'project', id: project })),
    ]);

    // the ingest before the mentions can't log an entry any more; the ingest that records them can
    await expect(insertEntries([{ record: probeRecord('p-after', 1) }])).rejects.toThrow('only with their mentions');
    const ingest = new AuditIngest(new AuditLogRepository());
    const client = await database.pool(1).connect();
    try {
      await client.query('BEGIN');
      const paid = eventRecord('parkledger.award.paid.v1', award, 2, { award: { id: award, projectId: project } });
      expect((await ingest.apply(client, ingest.prepare([paid]))).logged).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const events = new EventsService(database.pool(2), new AuditLogRepository(), new EventsRepository());
    const history = await events.history(auditor, { aggregateType: 'project', aggregateId: project });
    expect((history.events ?? []).map((e) => Number(e.position))).toEqual([0, 3, ...naming, 1206]);
    expect(history.events?.at(-1)?.eventType).toBe('parkledger.award.paid.v1');
    await expect(database.pool(1).query('DELETE FROM mentions')).rejects.toThrow('append-only');
    await expect(database.pool(1).query('TRUNCATE mentions')).rejects.toThrow('append-only');
  });
});
