import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Funds and their double-entry journal. The journal is kept honest by the database itself, not only
 * by the service's code:
 * - nothing is edited: the service's role (the tables' owner, which runs this migration) has its
 *   UPDATE, DELETE and TRUNCATE on entries and postings revoked, and triggers refuse them for any
 *   role, so a mistake can only be corrected by a reversing entry;
 * - every entry balances: a deferred constraint trigger checks, at commit, that each entry written
 *   in the transaction has at least two postings summing to zero in each currency;
 * - an entry is reversed at most once (a unique reference to the entry it reverses).
 * A posting's entry and a reversal's entry are checked by triggers, not foreign keys: a foreign
 * key's check locks the referenced row FOR KEY SHARE, which needs the UPDATE privilege the role
 * no longer has on the journal. Entries are never deleted, so a reference once checked stays good.
 */
export class CreateJournal1765100000000 implements MigrationInterface {
  name = 'CreateJournal1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE funds (
        id          uuid PRIMARY KEY,
        name_zh     text NOT NULL,
        name_en     text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('guidance', 'mother', 'sub', 'direct')),
        currency    char(3) NOT NULL,
        manager     text NOT NULL,
        vintage_on  date NOT NULL,
        region      uuid[] NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE journal_entries (
        id            uuid PRIMARY KEY,
        fund_id       uuid NOT NULL REFERENCES funds (id),
        effective_on  date NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        operation     text NOT NULL,
        request_key   text,
        reverses      uuid UNIQUE,
        CHECK (reverses IS NULL OR reverses <> id)
      );
      CREATE INDEX journal_entries_fund ON journal_entries (fund_id, effective_on);

      CREATE TABLE postings (
        entry_id  uuid NOT NULL,
        line      integer NOT NULL CHECK (line >= 1),
        account   text NOT NULL,
        currency  char(3) NOT NULL,
        amount    bigint NOT NULL CHECK (amount <> 0),
        PRIMARY KEY (entry_id, line)
      );
      CREATE INDEX postings_account ON postings (account, entry_id);

      CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        RAISE EXCEPTION 'the journal is never edited: % on % refused; correct it with a reversing entry', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $body$;
      CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
      CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
        FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
      CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE ON postings
        FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
      CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
      REVOKE UPDATE, DELETE, TRUNCATE ON journal_entries, postings FROM CURRENT_USER;

      CREATE FUNCTION journal_check_entry(entry uuid) RETURNS void LANGUAGE plpgsql AS $body$
      DECLARE
        lines integer;
        off text;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM journal_entries WHERE id = entry) THEN
          RAISE EXCEPTION 'postings for journal entry %, which does not exist', entry
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        SELECT count(*) INTO lines FROM postings WHERE entry_id = entry;
        IF lines < 2 THEN
          RAISE EXCEPTION 'journal entry % has % posting(s); an entry has at least two', entry, lines
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT string_agg(currency || ' off by ' || total, ', ') INTO off
          FROM (SELECT currency, sum(amount) AS total FROM postings WHERE entry_id = entry GROUP BY currency) AS sums
         WHERE total <> 0;
        IF off IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance: %', entry, off USING ERRCODE = 'check_violation';
        END IF;
      END
      $body$;
      CREATE FUNCTION journal_entry_written() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        PERFORM journal_check_entry(NEW.id);
        RETURN NULL;
      END
      $body$;
      CREATE FUNCTION journal_posting_written() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        PERFORM journal_check_entry(NEW.entry_id);
        RETURN NULL;
      END
      $body$;

      CREATE FUNCTION journal_reversal_known() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        IF NEW.reverses IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.reverses AND fund_id = NEW.fund_id) THEN
          RAISE EXCEPTION 'journal entry % reverses %, which is not an entry of its fund', NEW.id, NEW.reverses
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END
      $body$;
      CREATE TRIGGER journal_entries_reversal_known BEFORE INSERT ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_reversal_known();

      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_written();
      CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_posting_written();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE postings, journal_entries, funds;
      DROP FUNCTION journal_entry_written(), journal_posting_written(), journal_check_entry(uuid),
        journal_reversal_known(), journal_refuse_change();
    `);
  }
}
