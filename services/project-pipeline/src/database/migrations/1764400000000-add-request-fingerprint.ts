import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A request key is for one request: its fingerprint (method, path and body) is kept beside it, and a
 * repeat of the key with another fingerprint is refused. Rows from before have none, so they match nothing.
 */
export class AddRequestFingerprint1764400000000 implements MigrationInterface {
  name = 'AddRequestFingerprint1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE processed_requests ADD COLUMN fingerprint text NOT NULL DEFAULT ''`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE processed_requests DROP COLUMN fingerprint');
  }
}
