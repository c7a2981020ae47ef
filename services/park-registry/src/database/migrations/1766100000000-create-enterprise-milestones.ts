import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The enterprise's file (一企一档): the milestones a regulator's feed records of it (an approval, a
 * platform, a certification), each with the facts of its kind (the contracts' MILESTONE_FACTS,
 * checked by the service; the kinds are written out here as they stood, so a new kind is a new
 * migration). A milestone is a fact that awards refer to: recorded once, never edited. Who
 * recorded it (the caller's subject) and the request key it came with are kept beside it.
 */
export class CreateEnterpriseMilestones1766100000000 implements MigrationInterface {
  name = 'CreateEnterpriseMilestones1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE enterprise_milestones (
        id             uuid PRIMARY KEY,
        enterprise_id  uuid NOT NULL REFERENCES enterprises (id),
        kind           text NOT NULL CHECK (kind IN (
                         'new-drug-approval', 'clinical-trial-approval', 'device-registration',
                         'consistency-evaluation', 'platform-approval', 'glp-items', 'gcp-discipline',
                         'cnas-accreditation', 'international-approval')),
        achieved_on    date NOT NULL,
        facts          jsonb NOT NULL CHECK (jsonb_typeof(facts) = 'object'),
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        recorded_by    text NOT NULL,
        request_key    text
      );
      -- the file in its order: by the day each was achieved
      CREATE INDEX enterprise_milestones_file ON enterprise_milestones (enterprise_id, achieved_on, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE enterprise_milestones');
  }
}
