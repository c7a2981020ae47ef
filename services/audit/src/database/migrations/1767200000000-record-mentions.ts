import { decodeEvent, EventDecodeError } from '@parkledger/contracts';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { LOG_LOCK } from '../../log/audit-ingest';
import { mentionsOf } from '../../log/mentions';

/** Entries read per round of the backfill. */
const BATCH = 1000;

/**
 * What each entry's payload names of other aggregates (`mentions`: a project, a fund's investment,
 * a journal entry; see log/mentions.ts), so an aggregate's history finds the events attached to it
 * by an index, not a scan: a project's investments and awards. Append-only as the rest of the log.
 *
 * The entries logged before are backfilled here, in this migration's transaction and under the
 * log's lock, so the service answers complete histories from its first request and no batch appends
 * meanwhile. From then on an entry is only logged with its mentions: a statement trigger refuses an
 * insert into entries by a writer that has not said it records them (`parkledger.audit_mentions`),
 * so a replica still running the code before this one, during a rolling update, fails its batch
 * (its offsets uncommitted, the records are read again by one that records mentions) instead of
 * logging entries no history would find.
 */
export class RecordMentions1767200000000 implements MigrationInterface {
  name = 'RecordMentions1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOG_LOCK]);
    await queryRunner.query(`
      CREATE TABLE mentions (
        position  bigint NOT NULL REFERENCES entries (position),
        type      text   NOT NULL CHECK (type IN ('project', 'investment', 'journal-entry')),
        id        text   NOT NULL,
        PRIMARY KEY (type, id, position)
      );
      CREATE INDEX mentions_position ON mentions (position);
      CREATE TRIGGER mentions_append_only BEFORE UPDATE OR DELETE ON mentions
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER mentions_never_truncated BEFORE TRUNCATE ON mentions
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_never_truncated();

      -- the search by time alone
      CREATE INDEX entries_occurred ON entries (occurred_at);
    `);
    await backfill(queryRunner);
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_need_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('parkledger.audit_mentions', true) IS DISTINCT FROM 'recorded' THEN
          RAISE EXCEPTION 'the audit log takes entries only with their mentions (an audit service older than its schema?)'
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER entries_need_mentions BEFORE INSERT ON entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_need_mentions();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER entries_need_mentions ON entries;
      DROP FUNCTION audit_entries_need_mentions();
      DROP INDEX entries_occurred;
      DROP TABLE mentions;
    `);
  }
}

/** The mentions of every entry logged so far whose payload was read (an undecodable one names nothing). */
async function backfill(queryRunner: QueryRunner): Promise<void> {
  for (let after = -1; ;) {
    const rows = (await queryRunner.query(
      // e.position, not the text alias position: text orders 10 before 9
      `SELECT e.position::text AS position, e.event_type, e.value FROM entries e
       WHERE e.position > $1 AND e.event_type IS NOT NULL ORDER BY e.position LIMIT $2`,
      [after, BATCH],
    )) as { position: string; event_type: string; value: Buffer }[];
    if (rows.length === 0) return;
    const found = rows.flatMap((row) => {
      try {
        return mentionsOf(decodeEvent(row.event_type, row.value)).map((mention) => ({ ...mention, ...row }));
      } catch (error) {
        // it was read at ingest; a registry that no longer reads it leaves it naming nothing
        if (error instanceof EventDecodeError) return [];
        throw error;
      }
    });
    if (found.length > 0) {
      await queryRunner.query(
        'INSERT INTO mentions (position, type, id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
        [found.map((m) => m.position), found.map((m) => m.type), found.map((m) => m.id)],
      );
    }
    after = Number(rows[rows.length - 1]?.position);
  }
}
