import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Parks are retired with a date, not deleted, once anything referred to them: `referenced_parks`
 * records every kind of reference the registry ever saw (a child park, a settlement, a project
 * from the pipeline's events), so a hard delete can be refused even after the reference is gone.
 */
export class RetireParks1764500000000 implements MigrationInterface {
  name = 'RetireParks1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE parks ADD COLUMN retired_on date;

      CREATE TABLE referenced_parks (
        park_id       uuid NOT NULL,
        referrer      text NOT NULL CHECK (referrer IN ('child-park', 'settlement', 'project')),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (park_id, referrer)
      );
      INSERT INTO referenced_parks (park_id, referrer)
        SELECT DISTINCT parent_id, 'child-park' FROM parks WHERE parent_id IS NOT NULL
        UNION SELECT DISTINCT park_id, 'settlement' FROM settlements;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE referenced_parks; ALTER TABLE parks DROP COLUMN retired_on;');
  }
}
