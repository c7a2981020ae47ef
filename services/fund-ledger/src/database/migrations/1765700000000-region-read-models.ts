import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the re-investment report and the returnee-founded share need to know of the registry, from
 * its events: the park hierarchy (a region is park subtrees), settlements (an enterprise counts
 * where it was settled on the investment date) and whether an enterprise is returnee-founded.
 * Newer aggregate versions win, so a late copy of an event changes nothing. And a fund's
 * re-investment requirements, each kept: the latest stated applies.
 */
export class RegionReadModels1765700000000 implements MigrationInterface {
  name = 'RegionReadModels1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
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

      ALTER TABLE known_enterprises
        ADD COLUMN returnee_founded boolean NOT NULL DEFAULT false,
        ADD COLUMN version bigint NOT NULL DEFAULT 0;

      CREATE TABLE reinvestment_requirements (
        id            uuid PRIMARY KEY,
        fund_id       uuid NOT NULL REFERENCES funds (id),
        region        uuid[] NOT NULL CHECK (cardinality(region) > 0),
        ratio         numeric(12, 4) NOT NULL CHECK (ratio > 0),
        partner_id    uuid NOT NULL REFERENCES partners (id),
        effective_on  date NOT NULL
      );
      CREATE INDEX reinvestment_requirements_fund ON reinvestment_requirements (fund_id, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE reinvestment_requirements, known_settlements, known_parks;
      ALTER TABLE known_enterprises DROP COLUMN returnee_founded, DROP COLUMN version;
    `);
  }
}
