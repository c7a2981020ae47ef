import { serviceDataSource, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
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
    // the schema as the code before the mentions built it
    database = await migratedDatabase('audit-mentions', SPEC_SCHEMA, (env) => {
      latestFor = () => serviceDataSource(config(env), SPEC_SCHEMA, MIGRATIONS);
      return serviceDataSource(config(env), SPEC_SCHEMA, MIGRATIONS.slice(0, -1));
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
  /** An entry as the ingest before the mentions wrote it (no mentions), or null fields when unreadable, and its tree's nodes. */
  const insertEntry = async (position: number, record: DeliveredRecord, readable = true) => {
    await database.pool(1).query(
      `INSERT INTO entries (position, leaf, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,
                            occurred_at, correlation_id, topic, "partition", "offset", headers, value)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, 0, $10, $11, $12)`,
      [
        position,
        entryLeaf(record),
        readable ? record.headers.ce_id : null,
        readable ? record.headers.ce_type : null,
        readable ? record.headers.ce_aggregatetype : null,
        readable ? record.headers.ce_subject : null,
        readable ? record.headers.ce_aggregateversion : null,
        readable ? record.headers.ce_time : null,
        record.topic,
        record.offset,
        JSON.stringify(record.headers),
        record.value,
      ],
    );
    for (const node of tree.append(entryLeaf(record))) {
      await database
        .pool(1)
        .query('INSERT INTO nodes (level, index, hash) VALUES ($1, $2, $3)', [node.level, node.index, node.hash]);
    }
  };

  it('backfills what the entries logged before name, then takes entries only with their mentions', async () => {
    const made = eventRecord('parkledger.fund.investment-made.v1', fund, 1, {
      investment: { id: investment, targetKind: 'project', targetId: project },
      entry: { id: entry },
    });
    const granted = eventRecord('parkledger.award.granted.v1', award, 1, { award: { id: award, projectId: project } });
    await insertEntry(0, made);
    await insertEntry(1, probeRecord('p-before', 1));
    await insertEntry(2, { ...granted, value: Buffer.from([0xff]) }, false);
    await insertEntry(3, granted);

    await latest.initialize();
    expect((await latest.runMigrations()).map((m) => m.name)).toEqual(['RecordMentions1767200000000']);
    expect(await rows('SELECT position::int, type, id FROM mentions ORDER BY position, type')).toEqual([
      { position: 0, type: 'investment', id: investment },
      { position: 0, type: 'journal-entry', id: entry },
      { position: 0, type: 'project', id: project },
      { position: 3, type: 'project', id: project },
    ]);

    // the ingest before the mentions can't log an entry any more; the ingest that records them can
    await expect(insertEntry(4, probeRecord('p-after', 1))).rejects.toThrow('only with their mentions');
    const ingest = new AuditIngest(new AuditLogRepository());
    const client = await database.pool(1).connect();
    try {
      await client.query('BEGIN');
      const paid = eventRecord('parkledger.award.paid.v1', award, 2, { award: { id: award, projectId: project } });
      expect((await ingest.apply(client, [paid])).logged).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const events = new EventsService(database.pool(2), new AuditLogRepository(), new EventsRepository());
    const history = await events.history(auditor, { aggregateType: 'project', aggregateId: project });
    expect((history.events ?? []).map((e) => [e.position, e.eventType])).toEqual([
      ['0', 'parkledger.fund.investment-made.v1'],
      ['3', 'parkledger.award.granted.v1'],
      ['4', 'parkledger.award.paid.v1'],
    ]);
    await expect(database.pool(1).query('DELETE FROM mentions')).rejects.toThrow('append-only');
    await expect(database.pool(1).query('TRUNCATE mentions')).rejects.toThrow('append-only');
  });
});
