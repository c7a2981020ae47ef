import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An entry's postings are written in the transaction that writes the entry, never added later: the
 * balances' statement trigger refuses a posting to an entry of an earlier transaction (or of a
 * savepoint's, which it can't tell apart) on the spot, and names it. Every posting then belongs to
 * an entry whose own deferred check runs at commit, so the deferred check per posting goes: at an
 * import of 1,000 entries it ran 2,000 times only to find the entry checked anyway.
 *
 * The fund's exits and reversals are found by their operation (the figures' realised proceeds), not
 * among all its entries.
 */
export class PostingsWithTheirEntry1765600000000 implements MigrationInterface {
  name = 'PostingsWithTheirEntry1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX journal_entries_operation ON journal_entries (fund_id, operation, effective_on);

      CREATE FUNCTION journal_postings_with_entry() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        stray record;
      BEGIN
        SELECT p.entry_id, e.id IS NULL AS missing INTO stray FROM new_postings p
          LEFT JOIN journal_entries e ON e.id = p.entry_id
         WHERE e.id IS NULL OR e.xmin <> pg_current_xact_id()::xid LIMIT 1;
        IF stray.missing THEN
          RAISE EXCEPTION 'postings for journal entry %, which does not exist', stray.entry_id
            USING ERRCODE = 'foreign_key_violation';
        ELSIF FOUND THEN
          RAISE EXCEPTION 'journal entry % is written: its postings go in with it, in its transaction; correct it with a reversing entry', stray.entry_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END
      $body$;
      -- before the balances' trigger (triggers of an event fire in name order)
      CREATE TRIGGER postings_a_with_entry AFTER INSERT ON postings
        REFERENCING NEW TABLE AS new_postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_postings_with_entry();

      DROP TRIGGER postings_balanced ON postings;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_posting_written();
      DROP TRIGGER postings_a_with_entry ON postings;
      DROP FUNCTION journal_postings_with_entry();
      DROP INDEX journal_entries_operation;
    `);
  }
}
