import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The journal's checks, once per statement where they were once per row, and none of them scanning
 * the journal: an import of 1,000 entries (2,000 postings) took ~82 ms of Postgres (22 to insert
 * the entries, 43 the postings, 17 to commit) and now ~45 (15, 18, 13) on the 2-core dev machine.
 * - An entry's date (after the fund's start, outside a closed period) and its reversal's target are
 *   checked over the statement's entries (its transition table), the fund row read FOR SHARE once
 *   per statement, not once per entry. The errors are those of the row triggers they replace.
 * - A statement's postings are read with their entries once, into the net per fund, account,
 *   currency and day, and every later step (the stray-posting check, the balance rows, their floor,
 *   the days, the floor as of each day) works from that. Each entry is found through its primary
 *   key: a hash join over the transition table read every entry of every fund, so an import got
 *   slower as the journal grew.
 * - The partners' flows per day (what the commitment, unfunded, receivable and distributed accounts
 *   of all partners moved together: paid in, < 0, or paid out, > 0) are kept as postings go in, in
 *   partner_flow_days: a fund's net IRR reads one row per day by its key, not four accounts' days
 *   per partner joined and grouped (10,000 days: ~10 ms to ~2).
 * - The deferred check at commit, still one per entry (a constraint trigger is per row), is one
 *   aggregate for the usual entry (two or more postings in one currency summing to zero), not a
 *   call of a function that looked the entry up again and then grouped its postings by currency.
 */
export class StatementChecks1765800000000 implements MigrationInterface {
  name = 'StatementChecks1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE partner_flow_days (
        fund_id  uuid   NOT NULL,
        day      date   NOT NULL,
        net      bigint NOT NULL,
        PRIMARY KEY (fund_id, day)
      );
      INSERT INTO partner_flow_days (fund_id, day, net)
        SELECT fund_id, day, sum(net) FROM account_days
         WHERE account ~ '^(commitment|unfunded|receivable|distributed):'
         GROUP BY fund_id, day;

      CREATE FUNCTION journal_entries_inserted() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        bad record;
      BEGIN
        SELECT e.id, e.fund_id, e.effective_on, f.closed_through, f.vintage_on,
               f.closed_through IS NOT NULL AND e.effective_on <= f.closed_through AS closed INTO bad
          FROM new_entries e
          JOIN (SELECT id, closed_through, vintage_on FROM funds
                 WHERE id IN (SELECT fund_id FROM new_entries) ORDER BY id FOR SHARE) f ON f.id = e.fund_id
         WHERE (f.closed_through IS NOT NULL AND e.effective_on <= f.closed_through) OR e.effective_on < f.vintage_on
         LIMIT 1;
        IF bad.closed THEN
          RAISE EXCEPTION 'the books of fund % are closed through %; an entry dated % goes in the next open period',
              bad.fund_id, bad.closed_through, bad.effective_on
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_period_closed', DETAIL = bad.closed_through::text;
        ELSIF FOUND THEN
          RAISE EXCEPTION 'fund % starts on %; an entry can not be dated %', bad.fund_id, bad.vintage_on, bad.effective_on
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_before_vintage', DETAIL = bad.vintage_on::text;
        END IF;
        SELECT e.id, e.reverses INTO bad FROM new_entries e
         WHERE e.reverses IS NOT NULL
           AND (NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.id = e.reverses AND j.fund_id = e.fund_id)
                -- nor one written by the same statement, which a row trigger before it could not see
                OR EXISTS (SELECT 1 FROM new_entries n WHERE n.id = e.reverses))
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % reverses %, which is not an entry of its fund', bad.id, bad.reverses
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
      $body$;
      DROP TRIGGER journal_entries_dated ON journal_entries;
      DROP TRIGGER journal_entries_reversal_known ON journal_entries;
      CREATE TRIGGER journal_entries_inserted AFTER INSERT ON journal_entries
        REFERENCING NEW TABLE AS new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION journal_entries_inserted();

      CREATE FUNCTION journal_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        stray record;
        breach record;
        fund_ids uuid[];
        accounts text[];
        currencies text[];
        days date[];
        nets bigint[];
        all_written boolean;
      BEGIN
        -- one pass over the statement's postings and their entries: the net per fund, account, currency and day
        SELECT array_agg(d.fund_id), array_agg(d.account), array_agg(d.currency), array_agg(d.day), array_agg(d.net),
               coalesce(bool_and(d.written), true)
          INTO fund_ids, accounts, currencies, days, nets, all_written
          FROM (SELECT e.fund_id, p.account, p.currency, e.effective_on AS day, sum(p.amount) AS net,
                       bool_and(coalesce(e.written, false)) AS written
                  FROM new_postings p LEFT JOIN LATERAL (
                    SELECT j.fund_id, j.effective_on, j.xmin = pg_current_xact_id()::xid AS written
                      FROM journal_entries j WHERE j.id = p.entry_id LIMIT 1) e ON true
                 GROUP BY e.fund_id, p.account, p.currency, e.effective_on) AS d;
        IF NOT all_written THEN
          SELECT p.entry_id, e.id IS NULL AS missing INTO stray FROM new_postings p
            LEFT JOIN journal_entries e ON e.id = p.entry_id
           WHERE e.id IS NULL OR e.xmin <> pg_current_xact_id()::xid LIMIT 1;
          IF stray.missing THEN
            RAISE EXCEPTION 'postings for journal entry %, which does not exist', stray.entry_id
              USING ERRCODE = 'foreign_key_violation';
          END IF;
          RAISE EXCEPTION 'journal entry % is written: its postings go in with it, in its transaction; correct it with a reversing entry', stray.entry_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;

        INSERT INTO account_balances (fund_id, account, currency, balance, floor_zero)
          SELECT DISTINCT c.fund_id, c.account, c.currency, 0, c.account ~ '^(cash$|unfunded:|receivable:|investment:)'
            FROM unnest(fund_ids, accounts, currencies) AS c (fund_id, account, currency)
          ON CONFLICT (fund_id, account, currency) DO NOTHING;

        WITH changes AS (
          SELECT c.fund_id, c.account, c.currency, sum(c.net) AS change
            FROM unnest(fund_ids, accounts, currencies, nets) AS c (fund_id, account, currency, net)
           GROUP BY c.fund_id, c.account, c.currency
        ), locked AS (
          SELECT b.fund_id, b.account, b.currency, b.balance, b.floor_zero
            FROM account_balances b JOIN changes c USING (fund_id, account, currency)
           ORDER BY b.fund_id, b.account, b.currency
             FOR UPDATE OF b
        )
        SELECT l.account, l.balance, -c.change AS taken INTO breach
          FROM locked l JOIN changes c USING (fund_id, account, currency)
         WHERE l.floor_zero AND l.balance + c.change < 0
         ORDER BY l.account LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'account % holds %, and this statement''s postings take % from it',
              breach.account, breach.balance, breach.taken
            USING ERRCODE = 'check_violation', CONSTRAINT = 'account_balances_floor',
                  DETAIL = breach.account, HINT = breach.balance::text;
        END IF;

        UPDATE account_balances b SET balance = b.balance + c.change
          FROM (SELECT c.fund_id, c.account, c.currency, sum(c.net) AS change
                  FROM unnest(fund_ids, accounts, currencies, nets) AS c (fund_id, account, currency, net)
                 GROUP BY c.fund_id, c.account, c.currency) c
         WHERE b.fund_id = c.fund_id AND b.account = c.account AND b.currency = c.currency;

        INSERT INTO account_days (fund_id, account, currency, day, net)
          SELECT * FROM unnest(fund_ids, accounts, currencies, days, nets)
          ON CONFLICT (fund_id, account, currency, day) DO UPDATE SET net = account_days.net + EXCLUDED.net;

        INSERT INTO partner_flow_days (fund_id, day, net)
          SELECT c.fund_id, c.day, sum(c.net)
            FROM unnest(fund_ids, accounts, days, nets) AS c (fund_id, account, day, net)
           WHERE c.account ~ '^(commitment|unfunded|receivable|distributed):'
           GROUP BY c.fund_id, c.day
           -- rows shared by writers of different accounts: taken in key order, so two can't deadlock
           ORDER BY c.fund_id, c.day
          ON CONFLICT (fund_id, day) DO UPDATE SET net = partner_flow_days.net + EXCLUDED.net;

        -- a backdated payment: the balance must hold on every day from its date on, not only today
        SELECT t.account, low.day, low.running INTO breach
          FROM (SELECT c.fund_id, c.account, c.currency, min(c.day) AS first_day
                  FROM unnest(fund_ids, accounts, currencies, days, nets) AS c (fund_id, account, currency, day, net)
                 WHERE c.net < 0 AND c.account ~ '^(cash$|unfunded:|receivable:|investment:)'
                 GROUP BY c.fund_id, c.account, c.currency) t
          CROSS JOIN LATERAL (
            SELECT days.day, days.running FROM (
              SELECT d.day, sum(d.net) OVER (ORDER BY d.day) AS running FROM account_days d
               WHERE d.fund_id = t.fund_id AND d.account = t.account AND d.currency = t.currency
            ) AS days
             WHERE days.day >= t.first_day ORDER BY days.running, days.day LIMIT 1
          ) AS low
         WHERE low.running < 0
         ORDER BY t.account LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'account % would fall to % on %', breach.account, breach.running, breach.day
            USING ERRCODE = 'check_violation', CONSTRAINT = 'account_balances_floor_as_of',
                  DETAIL = breach.account, HINT = breach.running::text || ' ' || breach.day::text;
        END IF;
        RETURN NULL;
      END
      $body$;
      DROP TRIGGER postings_a_with_entry ON postings;
      DROP TRIGGER postings_balances ON postings;
      CREATE TRIGGER postings_inserted AFTER INSERT ON postings
        REFERENCING NEW TABLE AS new_postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_postings_inserted();

      -- the usual entry, two or more postings in one currency summing to zero, in one aggregate
      CREATE OR REPLACE FUNCTION journal_entry_written() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        lines integer;
        net numeric;
        one_currency boolean;
        off text;
      BEGIN
        SELECT count(*), sum(amount), min(currency) = max(currency) INTO lines, net, one_currency
          FROM postings WHERE entry_id = NEW.id;
        IF lines >= 2 AND net = 0 AND one_currency THEN
          RETURN NULL;
        END IF;
        IF lines < 2 THEN
          RAISE EXCEPTION 'journal entry % has % posting(s); an entry has at least two', NEW.id, lines
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT string_agg(currency || ' off by ' || total, ', ') INTO off
          FROM (SELECT currency, sum(amount) AS total FROM postings WHERE entry_id = NEW.id GROUP BY currency) AS sums
         WHERE total <> 0;
        IF off IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance: %', NEW.id, off USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END
      $body$;
    `);
  }

  /** The triggers of before; their functions were kept by up(). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION journal_entry_written() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        PERFORM journal_check_entry(NEW.id);
        RETURN NULL;
      END
      $body$;
      DROP TRIGGER postings_inserted ON postings;
      DROP FUNCTION journal_postings_inserted();
      CREATE TRIGGER postings_a_with_entry AFTER INSERT ON postings
        REFERENCING NEW TABLE AS new_postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_postings_with_entry();
      CREATE TRIGGER postings_balances AFTER INSERT ON postings
        REFERENCING NEW TABLE AS new_postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_postings_balance();
      DROP TRIGGER journal_entries_inserted ON journal_entries;
      DROP FUNCTION journal_entries_inserted();
      DROP TABLE partner_flow_days;
      CREATE TRIGGER journal_entries_reversal_known BEFORE INSERT ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_reversal_known();
      CREATE TRIGGER journal_entries_dated BEFORE INSERT ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_entry_dated();
    `);
  }
}
