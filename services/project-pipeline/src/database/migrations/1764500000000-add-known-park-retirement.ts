import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The read model learns a park's retirement date from parkledger.park.retired.v1. */
export class AddKnownParkRetirement1764500000000 implements MigrationInterface {
  name = 'AddKnownParkRetirement1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE known_parks ADD COLUMN retired_on date');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE known_parks DROP COLUMN retired_on');
  }
}
