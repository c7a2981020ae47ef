import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An answer is kept as the text of its serialized JSON, not as jsonb: jsonb refuses \u0000, and an
 * answer that can't be stored stranded its key. The text of JSON.stringify holds any content.
 */
export class StoreIdempotencyAnswersAsText1764900000000 implements MigrationInterface {
  name = 'StoreIdempotencyAnswersAsText1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys ALTER COLUMN body TYPE text USING body::text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys ALTER COLUMN body TYPE jsonb USING body::jsonb');
  }
}
