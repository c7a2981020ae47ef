import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1763810000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        principal    text        NOT NULL,
        key          text        NOT NULL,
        request_hash text        NOT NULL,
        status       integer,
        content_type text,
        body         jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal, key)
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}
