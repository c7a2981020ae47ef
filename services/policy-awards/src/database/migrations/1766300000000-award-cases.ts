import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What a replay of the recorded cases under a draft policy needs that the awards did not keep:
 * - `milestone`: for an award a milestone gave, the milestone as its event carried it (its kind,
 *   its facts, the parks the enterprise was settled in that day), so a draft's triggers and parks
 *   can be applied to it again; null for an application, and for awards given before it was kept.
 * - `decided_by`: who set the outcome, the policy's evaluation (`policy`) or a reviewer's judgement
 *   (`reviewer`: a rejection of what the policy gives, a grant below it); null while submitted. A
 *   replay keeps a reviewer's judgement and evaluates the policy's again. Awards decided before it
 *   was kept are the policy's, but for an application rejected, which only a reviewer could reject
 *   (a grant in part from before can't be told from a grant in full).
 * And an index for the reports and the replay, which read a policy's awards by award date.
 */
export class AwardCases1766300000000 implements MigrationInterface {
  name = 'AwardCases1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE awards ADD COLUMN milestone jsonb;
      ALTER TABLE awards ADD CONSTRAINT awards_milestone_of_milestone_source
        CHECK (milestone IS NULL OR source = 'milestone');
      ALTER TABLE awards ADD COLUMN decided_by text CHECK (decided_by IN ('policy', 'reviewer'));
      ALTER TABLE awards ADD CONSTRAINT awards_decided_after_submission
        CHECK (decided_by IS NULL OR status <> 'submitted');
      UPDATE awards SET decided_by = CASE WHEN source = 'application' AND status = 'rejected' THEN 'reviewer' ELSE 'policy' END
       WHERE status <> 'submitted';
      CREATE INDEX awards_policy_award_on ON awards (policy, award_on);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP INDEX awards_policy_award_on;
      ALTER TABLE awards DROP CONSTRAINT awards_decided_after_submission;
      ALTER TABLE awards DROP COLUMN decided_by;
      ALTER TABLE awards DROP CONSTRAINT awards_milestone_of_milestone_source;
      ALTER TABLE awards DROP COLUMN milestone;
    `);
  }
}
