import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Whether an enterprise was founded by people who returned from study or work abroad (海归创办), so a
 * fund's report can show its returnee-founded share. Enterprises registered before are taken as not.
 */
export class AddReturneeFounded1765500000000 implements MigrationInterface {
  name = 'AddReturneeFounded1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE enterprises ADD COLUMN returnee_founded boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE enterprises DROP COLUMN returnee_founded');
  }
}
