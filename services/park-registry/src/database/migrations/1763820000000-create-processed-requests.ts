import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateProcessedRequests1763820000000 implements MigrationInterface {
  name = 'CreateProcessedRequests1763820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processed_requests (
        request_id text PRIMARY KEY,
        response   jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processed_requests');
  }
}
