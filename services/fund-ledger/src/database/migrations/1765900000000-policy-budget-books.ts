import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Policy-budget books in the same journal as the funds' books, under the same guarantees (entries
 * never edited, each balanced at commit, postings only with their entry, balances and the net per
 * day kept by the database). The journal's rules that belong to a fund (its period closes and
 * vintage, its row lock, its partners' flows, its floors) are keyed by the fund row or by fund
 * account names, so they leave a policy book alone; what tied the journal to funds was one foreign
 * key. The smallest generalisation:
 * - a book is a fund's or a policy budget's (books: id, kind). Every fund is a book of the same id
 *   (a fund's book row goes in with it, by trigger); a policy keeps one book per currency
 *   (policy_books: its key and the currency). journal_entries.fund_id, account_balances.fund_id
 *   and account_days.fund_id name the entry's book: for a fund's entries the fund, as before (the
 *   columns keep their names, so none of the funds' SQL changes); journal_entries.fund_id now
 *   references books, not funds.
 * - an entry posted from an event names it (source_event, unique): a replay of the event, under
 *   another consumer group or inbox, can't post it twice.
 * - the policy-budget chart's bounds, per account as postings go in, on every day from the
 *   earliest posting's date on (so a back-dated entry is checked against the balance it had then):
 *   an award's commitment (awards-committed:<award>, debit) never below 0, so no more is released
 *   than was granted; an award's payable (awards-payable:<award>, credit) never above 0, so no more
 *   is paid or released than stands granted, and nothing before it is granted; the budget's cash
 *   (budget-cash, credit) never above 0, so no more comes back than was paid out. A breach raises
 *   check_violation with the constraint account_balances_floor_as_of (a floor) or
 *   account_balances_ceiling_as_of (a ceiling), the account in DETAIL and the day and balance in
 *   HINT. The trigger fires after the balances' own (triggers fire in name order) and returns at
 *   once for a statement with no policy-budget posting, so a fund's import pays one scan of its
 *   transition table.
 */
export class PolicyBudgetBooks1765900000000 implements MigrationInterface {
  name = 'PolicyBudgetBooks1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE books (
        id    uuid PRIMARY KEY,
        kind  text NOT NULL CHECK (kind IN ('fund', 'policy-budget'))
      );
      INSERT INTO books (id, kind) SELECT id, 'fund' FROM funds;

      CREATE FUNCTION fund_book_opened() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        INSERT INTO books (id, kind) VALUES (NEW.id, 'fund');
        RETURN NEW;
      END
      $body$;
      CREATE TRIGGER funds_book BEFORE INSERT ON funds FOR EACH ROW EXECUTE FUNCTION fund_book_opened();
      ALTER TABLE funds ADD CONSTRAINT funds_book FOREIGN KEY (id) REFERENCES books (id);

      ALTER TABLE journal_entries
        DROP CONSTRAINT journal_entries_fund_id_fkey,
        ADD CONSTRAINT journal_entries_book FOREIGN KEY (fund_id) REFERENCES books (id),
        ADD COLUMN source_event uuid,
        ADD CONSTRAINT journal_entries_source_event_key UNIQUE (source_event);

      CREATE TABLE policy_books (
        id         uuid PRIMARY KEY REFERENCES books (id),
        policy     text NOT NULL CHECK (length(policy) <= 80 AND policy ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        currency   char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        opened_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policy_books_policy_currency UNIQUE (policy, currency)
      );

      CREATE FUNCTION journal_policy_bounds() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        breach record;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_postings p
                        WHERE p.account = 'budget-cash' OR starts_with(p.account, 'awards-')) THEN
          RETURN NULL;
        END IF;
        -- each bounded account the statement moves toward its bound, from the earliest such posting's
        -- day: the running balance over the account's days (which the balances' trigger has moved)
        SELECT t.account, t.bound, low.day, low.running INTO breach
          FROM (SELECT e.fund_id, p.account, p.currency, min(e.effective_on) AS first_day,
                       CASE WHEN starts_with(p.account, 'awards-committed:') THEN 'floor' ELSE 'ceiling' END AS bound
                  FROM new_postings p
                  CROSS JOIN LATERAL (SELECT j.fund_id, j.effective_on FROM journal_entries j
                                       WHERE j.id = p.entry_id LIMIT 1) e
                 WHERE (starts_with(p.account, 'awards-committed:') AND p.amount < 0)
                    OR ((starts_with(p.account, 'awards-payable:') OR p.account = 'budget-cash') AND p.amount > 0)
                 GROUP BY e.fund_id, p.account, p.currency) t
          CROSS JOIN LATERAL (
            SELECT days.day, days.running FROM (
              SELECT d.day, sum(d.net) OVER (ORDER BY d.day) AS running FROM account_days d
               WHERE d.fund_id = t.fund_id AND d.account = t.account AND d.currency = t.currency
            ) AS days
             WHERE days.day >= t.first_day
               AND (CASE WHEN t.bound = 'floor' THEN days.running < 0 ELSE days.running > 0 END)
             ORDER BY days.day LIMIT 1
          ) AS low
         ORDER BY t.account LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'account % would be % on %: it never goes %', breach.account, breach.running, breach.day,
              CASE WHEN breach.bound = 'floor' THEN 'below 0 (no more released than was committed)'
                   ELSE 'above 0 (no more paid, released or recaptured than stands)' END
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = CASE WHEN breach.bound = 'floor' THEN 'account_balances_floor_as_of'
                                    ELSE 'account_balances_ceiling_as_of' END,
                  DETAIL = breach.account, HINT = breach.running::text || ' ' || breach.day::text;
        END IF;
        RETURN NULL;
      END
      $body$;
      CREATE TRIGGER postings_policy_bounds AFTER INSERT ON postings
        REFERENCING NEW TABLE AS new_postings
        FOR EACH STATEMENT EXECUTE FUNCTION journal_policy_bounds();
    `);
  }

  /** Only while no policy book has entries: the journal is never edited, so they can't be taken out. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER postings_policy_bounds ON postings;
      DROP FUNCTION journal_policy_bounds();
      ALTER TABLE journal_entries
        DROP CONSTRAINT journal_entries_source_event_key,
        DROP COLUMN source_event,
        DROP CONSTRAINT journal_entries_book,
        ADD CONSTRAINT journal_entries_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES funds (id);
      DROP TABLE policy_books;
      ALTER TABLE funds DROP CONSTRAINT funds_book;
      DROP TRIGGER funds_book ON funds;
      DROP FUNCTION fund_book_opened();
      DROP TABLE books;
    `);
  }
}
