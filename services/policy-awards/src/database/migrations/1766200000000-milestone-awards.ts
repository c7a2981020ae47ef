import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Awards a milestone of the registry gives with no application: each names its milestone, and one
 * milestone gives one award per item of a policy, whatever is redelivered or replayed.
 */
export class MilestoneAwards1766200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE awards ADD COLUMN milestone_id uuid;
      ALTER TABLE awards ADD CONSTRAINT awards_milestone_source
        CHECK ((source = 'milestone') = (milestone_id IS NOT NULL));
      CREATE UNIQUE INDEX awards_one_per_milestone_item ON awards (milestone_id, policy, item)
        WHERE milestone_id IS NOT NULL;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP INDEX awards_one_per_milestone_item;
      ALTER TABLE awards DROP CONSTRAINT awards_milestone_source;
      ALTER TABLE awards DROP COLUMN milestone_id;
    `);
  }
}
