import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Policies and their versions as published (the document kept whole), applications and the awards
 * they become, and what the awards use of each limit and of each year's budget, refused by the
 * database itself past the bound: a grant moves the usage rows in its transaction, so two grants
 * racing for the last of a cap queue on its row and the second can't take more than is left. And
 * the read model of where enterprises are settled, for eligibility.
 */
export class CreateAwards1766000000000 implements MigrationInterface {
  name = 'CreateAwards1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policies (
        key            text PRIMARY KEY,
        -- 0 while its first version is being published
        latest         integer NOT NULL CHECK (latest >= 0),
        -- the policy aggregate's event version: one per version published
        version        bigint NOT NULL
      );

      CREATE TABLE policy_versions (
        policy          text NOT NULL REFERENCES policies (key),
        version         integer NOT NULL CHECK (version >= 1),
        effective_from  date NOT NULL,
        document        jsonb NOT NULL,
        published_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (policy, version)
      );

      CREATE TABLE awards (
        id              uuid PRIMARY KEY,
        policy          text NOT NULL,
        policy_version  integer NOT NULL,
        item            text NOT NULL,
        enterprise_id   uuid NOT NULL,
        project_id      uuid,
        award_on        date NOT NULL,
        currency        char(3) NOT NULL,
        facts           jsonb NOT NULL,
        status          text NOT NULL CHECK (status IN ('submitted', 'granted', 'rejected', 'paid', 'revoked')),
        granted         bigint NOT NULL DEFAULT 0 CHECK (granted >= 0),
        paid            bigint NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= granted),
        recaptured      bigint NOT NULL DEFAULT 0 CHECK (recaptured >= 0),
        reason          text NOT NULL DEFAULT '',
        source          text NOT NULL CHECK (source IN ('application', 'milestone')),
        tiers           integer[] NOT NULL DEFAULT '{}',
        version         bigint NOT NULL,
        submitted_at    timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (policy, policy_version) REFERENCES policy_versions (policy, version),
        CONSTRAINT awards_recapture_within_paid CHECK (recaptured <= paid)
      );
      CREATE INDEX awards_item ON awards (policy, item, enterprise_id);
      CREATE INDEX awards_enterprise ON awards (enterprise_id, id);

      -- per limit of an item (its kind and key names) and key value: what standing awards use of it
      CREATE TABLE limit_usage (
        policy  text NOT NULL,
        item    text NOT NULL,
        "limit" text NOT NULL,
        key     text NOT NULL,
        bound   bigint NOT NULL CHECK (bound > 0),
        used    bigint NOT NULL CHECK (used >= 0),
        CONSTRAINT limit_usage_within_bound CHECK (used <= bound),
        PRIMARY KEY (policy, item, "limit", key)
      );

      CREATE TABLE budget_usage (
        policy  text NOT NULL,
        year    integer NOT NULL,
        budget  bigint NOT NULL CHECK (budget > 0),
        used    bigint NOT NULL CHECK (used >= 0),
        CONSTRAINT budget_usage_within_budget CHECK (used <= budget),
        PRIMARY KEY (policy, year)
      );

      CREATE TABLE known_parks (
        id         uuid PRIMARY KEY,
        parent_id  uuid,
        removed    boolean NOT NULL DEFAULT false,
        version    bigint NOT NULL
      );
      CREATE INDEX known_parks_parent ON known_parks (parent_id);

      CREATE TABLE known_settlements (
        id             uuid PRIMARY KEY,
        enterprise_id  uuid NOT NULL,
        park_id        uuid NOT NULL,
        settled_on     date NOT NULL,
        left_on        date,
        version        bigint NOT NULL
      );
      CREATE INDEX known_settlements_enterprise ON known_settlements (enterprise_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE known_settlements;
      DROP TABLE known_parks;
      DROP TABLE budget_usage;
      DROP TABLE limit_usage;
      DROP TABLE awards;
      DROP TABLE policy_versions;
      DROP TABLE policies;
    `);
  }
}
