import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A milestone may name the pipeline's project it belongs to: the awards it gives support that project. */
export class MilestoneProject1766300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE enterprise_milestones ADD COLUMN project_id uuid');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE enterprise_milestones DROP COLUMN project_id');
  }
}
