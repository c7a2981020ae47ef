import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the operations need beside the journal, and the limits that depend on dates:
 * - a fund's version (one event sequence per fund) and the date its books are closed through;
 * - partners, capital calls with each partner's share, contributions against them, investments,
 *   period closes, and the read models of the pipeline's projects and the registry's enterprises;
 * - per account a net change per day (account_days), so a balance as of a date sums days, not
 *   postings, and a backdated payment is checked against the balance on every day from its date on.
 *
 * The balance trigger now names the account it refuses: a posting that would take a floored account
 * below zero, today or on any day from the entry's date on, raises check_violation with the
 * constraint account_balances_floor (today) or account_balances_floor_as_of (a past day), and the
 * account and the figures in the message. The CHECK on account_balances stays as the last line.
 * An entry dated on or before the close of its fund's books, or before the fund's vintage, is
 * refused by a trigger (journal_period_closed, journal_before_vintage) that reads the fund's row
 * FOR SHARE, so a close and an entry in the closed period can't both commit.
 */
export class FundOperations1765300000000 implements MigrationInterface {
  name = 'FundOperations1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE funds
        ADD COLUMN version bigint NOT NULL DEFAULT 1,
        ADD COLUMN closed_through date;
      ALTER TABLE journal_entries ADD COLUMN memo text NOT NULL DEFAULT '';
      CREATE INDEX journal_entries_fund_id ON journal_entries (fund_id, id);

      CREATE TABLE partners (
        id               uuid PRIMARY KEY,
        fund_id          uuid NOT NULL REFERENCES funds (id),
        name             text NOT NULL,
        kind             text NOT NULL
          CHECK (kind IN ('government', 'state-owned', 'private', 'park-vehicle', 'fund')),
        role             text NOT NULL CHECK (role IN ('LP', 'GP')),
        partner_fund_id  uuid REFERENCES funds (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'fund') = (partner_fund_id IS NOT NULL)),
        CHECK (partner_fund_id IS NULL OR partner_fund_id <> fund_id)
      );
      CREATE UNIQUE INDEX partners_name ON partners (fund_id, lower(btrim(name)));

      CREATE TABLE capital_calls (
        id         uuid PRIMARY KEY,
        fund_id    uuid NOT NULL REFERENCES funds (id),
        entry_id   uuid NOT NULL,
        called_on  date NOT NULL,
        due_on     date NOT NULL CHECK (due_on >= called_on),
        amount     bigint NOT NULL CHECK (amount > 0)
      );
      CREATE TABLE call_shares (
        call_id     uuid NOT NULL REFERENCES capital_calls (id),
        partner_id  uuid NOT NULL REFERENCES partners (id),
        amount      bigint NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (call_id, partner_id)
      );
      CREATE TABLE contributions (
        entry_id    uuid PRIMARY KEY,
        call_id     uuid NOT NULL,
        partner_id  uuid NOT NULL,
        amount      bigint NOT NULL CHECK (amount > 0),
        FOREIGN KEY (call_id, partner_id) REFERENCES call_shares (call_id, partner_id)
      );
      CREATE INDEX contributions_share ON contributions (call_id, partner_id);

      CREATE TABLE investments (
        id           uuid PRIMARY KEY,
        fund_id      uuid NOT NULL REFERENCES funds (id),
        target_kind  text NOT NULL CHECK (target_kind IN ('project', 'enterprise')),
        target_id    uuid NOT NULL,
        form         text NOT NULL CHECK (form IN ('equity', 'angel', 'loan')),
        made_on      date NOT NULL,
        cost         bigint NOT NULL CHECK (cost > 0),
        entry_id     uuid NOT NULL
      );
      CREATE INDEX investments_fund ON investments (fund_id, id);

      CREATE TABLE period_closes (
        fund_id    uuid NOT NULL REFERENCES funds (id),
        through    date NOT NULL,
        closed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fund_id, through)
      );

      CREATE TABLE known_projects (
        id             uuid PRIMARY KEY,
        park_id        uuid NOT NULL,
        enterprise_id  uuid NOT NULL
      );
      CREATE TABLE known_enterprises (
        id  uuid PRIMARY KEY
      );

      CREATE TABLE account_days (
        fund_id   uuid    NOT NULL,
        account   text    NOT NULL,
        currency  char(3) NOT NULL,
        day       date    NOT NULL,
        net       bigint  NOT NULL,
        PRIMARY KEY (fund_id, account, currency, day)
      );

      CREATE OR REPLACE FUNCTION journal_posting_balance() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        fund uuid;
        dated date;
        held bigint;
        floored boolean;
        lowest record;
      BEGIN
        SELECT fund_id, effective_on INTO fund, dated FROM journal_entries WHERE id = NEW.entry_id;
        IF fund IS NULL THEN
          RAISE EXCEPTION 'postings for journal entry %, which does not exist', NEW.entry_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- the row first, at 0, then the change: a CHECK is tested on the row an INSERT proposes
        -- before ON CONFLICT is, so a first debit through an upsert would be refused as a balance
        INSERT INTO account_balances (fund_id, account, currency, balance, floor_zero)
          VALUES (fund, NEW.account, NEW.currency, 0, NEW.account ~ '^(cash$|unfunded:|receivable:|investment:)')
          ON CONFLICT (fund_id, account, currency) DO NOTHING;
        -- writers to one account queue here, so each sees the balance the one before it left
        SELECT balance, floor_zero INTO held, floored FROM account_balances
         WHERE fund_id = fund AND account = NEW.account AND currency = NEW.currency FOR UPDATE;
        IF floored AND held + NEW.amount < 0 THEN
          RAISE EXCEPTION 'account % holds %, and this entry takes % from it', NEW.account, held, -NEW.amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'account_balances_floor',
                  DETAIL = NEW.account, HINT = held::text;
        END IF;
        UPDATE account_balances SET balance = balance + NEW.amount
         WHERE fund_id = fund AND account = NEW.account AND currency = NEW.currency;
        INSERT INTO account_days (fund_id, account, currency, day, net)
          VALUES (fund, NEW.account, NEW.currency, dated, NEW.amount)
          ON CONFLICT (fund_id, account, currency, day) DO UPDATE SET net = account_days.net + EXCLUDED.net;
        -- a backdated payment: the balance must hold on every day from its date on, not only today
        IF floored AND NEW.amount < 0 AND EXISTS (
             SELECT 1 FROM account_days
              WHERE fund_id = fund AND account = NEW.account AND currency = NEW.currency AND day > dated) THEN
          SELECT day, running INTO lowest FROM (
            SELECT day, sum(net) OVER (ORDER BY day) AS running FROM account_days
             WHERE fund_id = fund AND account = NEW.account AND currency = NEW.currency
          ) AS days WHERE day >= dated ORDER BY running, day LIMIT 1;
          IF lowest.running < 0 THEN
            RAISE EXCEPTION 'account % held % on %, and this entry dated % takes % from it',
                NEW.account, lowest.running - NEW.amount, lowest.day, dated, -NEW.amount
              USING ERRCODE = 'check_violation', CONSTRAINT = 'account_balances_floor_as_of',
                    DETAIL = NEW.account, HINT = (lowest.running - NEW.amount)::text || ' ' || lowest.day::text;
          END IF;
        END IF;
        RETURN NULL;
      END
      $body$;

      CREATE FUNCTION journal_entry_dated() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        closed date;
        vintage date;
      BEGIN
        SELECT closed_through, vintage_on INTO closed, vintage FROM funds WHERE id = NEW.fund_id FOR SHARE;
        IF closed IS NOT NULL AND NEW.effective_on <= closed THEN
          RAISE EXCEPTION 'the books of fund % are closed through %; an entry dated % goes in the next open period',
              NEW.fund_id, closed, NEW.effective_on
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_period_closed', DETAIL = closed::text;
        END IF;
        IF NEW.effective_on < vintage THEN
          RAISE EXCEPTION 'fund % starts on %; an entry can not be dated %', NEW.fund_id, vintage, NEW.effective_on
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_before_vintage', DETAIL = vintage::text;
        END IF;
        RETURN NEW;
      END
      $body$;
      CREATE TRIGGER journal_entries_dated BEFORE INSERT ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_entry_dated();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER journal_entries_dated ON journal_entries;
      DROP FUNCTION journal_entry_dated();
      DROP TABLE account_days, known_enterprises, known_projects, period_closes, investments, contributions,
        call_shares, capital_calls, partners;
      DROP INDEX journal_entries_fund_id;
      ALTER TABLE journal_entries DROP COLUMN memo;
      ALTER TABLE funds DROP COLUMN closed_through, DROP COLUMN version;
    `);
  }
}
