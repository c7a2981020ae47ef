import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRegistryTables1763800000000 implements MigrationInterface {
  name = 'CreateRegistryTables1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE parks (
        id               uuid PRIMARY KEY,
        parent_id        uuid REFERENCES parks (id),
        kind             text NOT NULL,
        name_zh          text NOT NULL,
        name_en          text NOT NULL,
        planned_area_km2 numeric(14, 4) CHECK (planned_area_km2 > 0),
        focus_industries text[] NOT NULL DEFAULT '{}',
        operator         text NOT NULL DEFAULT '',
        version          bigint NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id <> id)
      );
      CREATE INDEX parks_parent ON parks (parent_id);

      CREATE TABLE enterprises (
        id                          uuid PRIMARY KEY,
        name                        text NOT NULL,
        uscc                        char(18) NOT NULL UNIQUE,
        founded_on                  date,
        registered_capital_minor    bigint,
        registered_capital_currency char(3),
        industry_fields             text[] NOT NULL DEFAULT '{}',
        version                     bigint NOT NULL,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now(),
        CHECK ((registered_capital_minor IS NULL) = (registered_capital_currency IS NULL))
      );

      CREATE TABLE settlements (
        id            uuid PRIMARY KEY,
        enterprise_id uuid NOT NULL REFERENCES enterprises (id),
        park_id       uuid NOT NULL REFERENCES parks (id),
        settled_on    date NOT NULL,
        left_on       date,
        version       bigint NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CHECK (left_on IS NULL OR left_on >= settled_on)
      );
      -- settled in several parks, but only once at a time in the same park
      CREATE UNIQUE INDEX settlements_one_current ON settlements (enterprise_id, park_id) WHERE left_on IS NULL;
      CREATE INDEX settlements_park ON settlements (park_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE settlements; DROP TABLE enterprises; DROP TABLE parks;');
  }
}
