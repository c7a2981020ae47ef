import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The public-support read model, from the fund ledger's and the awards service's events: the fund
 * money put into each project and the award money paid for it, a row per fact, each keyed by what
 * makes it one fact (an investment; an award's version), so neither a redelivery nor a replay under
 * another inbox adds it twice. A row names its project whether or not the pipeline knows the project
 * yet: it counts once the project is there. Each keeps what the role filters need (its fund; its
 * policy and the award's enterprise).
 */
export class CreatePublicSupport1766200000000 implements MigrationInterface {
  name = 'CreatePublicSupport1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- a fund's investment in a project, at its cost, until a reversal of its entry takes it out
      CREATE TABLE support_fund_investments (
        investment_id     uuid PRIMARY KEY,
        entry_id          uuid NOT NULL UNIQUE,
        fund_id           uuid NOT NULL,
        project_id        uuid NOT NULL,
        currency          char(3) NOT NULL,
        cost_minor        bigint NOT NULL CHECK (cost_minor > 0),
        made_on           date NOT NULL,
        source_event      uuid NOT NULL,
        reversal_entry_id uuid UNIQUE,
        reversed_on       date,
        CHECK ((reversal_entry_id IS NULL) = (reversed_on IS NULL)),
        CHECK (reversed_on >= made_on)
      );
      CREATE INDEX support_fund_investments_project ON support_fund_investments (project_id);

      -- an award's payment or recapture, for an award naming a project: one row per award version
      CREATE TABLE support_award_money (
        award_id      uuid NOT NULL,
        award_version bigint NOT NULL CHECK (award_version > 0),
        movement      text NOT NULL CHECK (movement IN ('paid', 'recaptured')),
        policy        text NOT NULL,
        enterprise_id uuid NOT NULL,
        project_id    uuid NOT NULL,
        currency      char(3) NOT NULL,
        amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
        effective_on  date NOT NULL,
        source_event  uuid NOT NULL,
        PRIMARY KEY (award_id, award_version)
      );
      CREATE INDEX support_award_money_project ON support_award_money (project_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE support_award_money, support_fund_investments');
  }
}
