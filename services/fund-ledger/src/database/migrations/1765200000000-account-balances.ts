import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Running balances per fund, account and currency, kept by the database as postings are inserted,
 * and the limits on them. Accounts that can never go below zero are the fund's cash (`cash`), a
 * partner's unfunded commitment (`unfunded:<partner>`) and an investment's remaining cost
 * (`investment:<id>`), all debit-normal (a debit is positive). A posting that would take one below
 * zero is refused on the spot with the constraint `account_balances_floor`: no call above a
 * partner's unfunded commitment, no payment above the cash held, no exit or write-off above the
 * remaining cost. Writers to one account queue on its balance row, so the limit holds however many
 * race for the last of it. (Cash as of a past date, for a backdated payment, is still to come.)
 */
export class AccountBalances1765200000000 implements MigrationInterface {
  name = 'AccountBalances1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account_balances (
        fund_id     uuid    NOT NULL,
        account     text    NOT NULL,
        currency    char(3) NOT NULL,
        balance     bigint  NOT NULL,
        floor_zero  boolean NOT NULL,
        PRIMARY KEY (fund_id, account, currency),
        CONSTRAINT account_balances_floor CHECK (NOT floor_zero OR balance >= 0)
      );

      CREATE FUNCTION journal_posting_balance() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        fund uuid;
      BEGIN
        SELECT fund_id INTO fund FROM journal_entries WHERE id = NEW.entry_id;
        IF fund IS NULL THEN
          RAISE EXCEPTION 'postings for journal entry %, which does not exist', NEW.entry_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- the row first, at 0, then the change: a CHECK is tested on the row an INSERT proposes
        -- before ON CONFLICT is, so a first debit through an upsert would be refused as a balance
        INSERT INTO account_balances (fund_id, account, currency, balance, floor_zero)
          VALUES (fund, NEW.account, NEW.currency, 0, NEW.account ~ '^(cash$|unfunded:|investment:)')
          ON CONFLICT (fund_id, account, currency) DO NOTHING;
        UPDATE account_balances SET balance = balance + NEW.amount
         WHERE fund_id = fund AND account = NEW.account AND currency = NEW.currency;
        RETURN NULL;
      END
      $body$;
      CREATE TRIGGER postings_balance AFTER INSERT ON postings
        FOR EACH ROW EXECUTE FUNCTION journal_posting_balance();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER postings_balance ON postings;
      DROP FUNCTION journal_posting_balance();
      DROP TABLE account_balances;
    `);
  }
}
