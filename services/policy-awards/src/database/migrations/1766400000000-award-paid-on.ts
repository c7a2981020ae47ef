import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The day an award was paid: a recapture can't come before it (the fund ledger's budget cash would
 * be taken back before it went out). Awards paid before it was kept have none.
 */
export class AwardPaidOn1766400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE awards ADD COLUMN paid_on date;
      ALTER TABLE awards ADD CONSTRAINT awards_paid_on_after_award CHECK (paid_on >= award_on);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE awards DROP COLUMN paid_on');
  }
}
