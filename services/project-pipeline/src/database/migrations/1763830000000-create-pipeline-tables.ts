import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePipelineTables1763830000000 implements MigrationInterface {
  name = 'CreatePipelineTables1763830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- what the pipeline knows of the park registry, only from its events
      CREATE TABLE known_parks (
        id        uuid PRIMARY KEY,
        parent_id uuid,
        name_en   text NOT NULL,
        removed   boolean NOT NULL DEFAULT false,
        version   bigint NOT NULL
      );
      CREATE INDEX known_parks_parent ON known_parks (parent_id);
      CREATE TABLE known_enterprises (
        id      uuid PRIMARY KEY,
        name    text NOT NULL,
        version bigint NOT NULL
      );

      CREATE TABLE projects (
        id                      uuid PRIMARY KEY,
        park_id                 uuid NOT NULL,
        enterprise_id           uuid NOT NULL,
        industry_field          text NOT NULL,
        name_zh                 text NOT NULL,
        name_en                 text NOT NULL,
        currency                char(3) NOT NULL,
        planned_minor           bigint NOT NULL,
        signed_planned_minor    bigint,
        stage                   text NOT NULL,
        lead_on                 date,
        negotiating_on          date,
        signed_on               date,
        construction_started_on date,
        operation_started_on    date,
        terminated_on           date,
        completed_minor         bigint NOT NULL DEFAULT 0,
        completed_as_of         date,
        over_plan               boolean NOT NULL DEFAULT false,
        version                 bigint NOT NULL,
        created_at              timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX projects_park ON projects (park_id);
      CREATE INDEX projects_signed_on ON projects (signed_on);

      CREATE TABLE investment_reports (
        id                uuid PRIMARY KEY,
        project_id        uuid NOT NULL REFERENCES projects (id),
        as_of             date NOT NULL,
        cumulative_minor  bigint NOT NULL,
        correction_reason text,
        over_plan         boolean NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE plan_amendments (
        id            uuid PRIMARY KEY,
        project_id    uuid NOT NULL REFERENCES projects (id),
        effective_on  date NOT NULL,
        delta_minor   bigint NOT NULL,
        after_signing boolean NOT NULL,
        reason        text NOT NULL DEFAULT '',
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX plan_amendments_project ON plan_amendments (project_id);

      CREATE TABLE processed_requests (
        request_id text PRIMARY KEY,
        response   jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP TABLE processed_requests, plan_amendments, investment_reports, projects, known_enterprises, known_parks',
    );
  }
}
