import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { ident } from '../sql';

/**
 * The outbox (events a service committed, waiting for the relay) and the inbox (events a
 * consumer applied), in the service's own schema.
 */
export function messagingSchemaSql(schema: string): string {
  const s = ident(schema);
  return `
CREATE TABLE IF NOT EXISTS ${s}.outbox (
  position          bigserial PRIMARY KEY,
  event_id          uuid        NOT NULL UNIQUE,
  topic             text        NOT NULL,
  event_type        text        NOT NULL,
  aggregate_type    text        NOT NULL,
  aggregate_id      text        NOT NULL,
  aggregate_version bigint      NOT NULL,
  payload           bytea       NOT NULL,
  headers           jsonb       NOT NULL,
  occurred_at       timestamptz NOT NULL DEFAULT now(),
  published_at      timestamptz,
  UNIQUE (aggregate_type, aggregate_id, aggregate_version)
);
CREATE INDEX IF NOT EXISTS outbox_unpublished ON ${s}.outbox (position) WHERE published_at IS NULL;

CREATE TABLE IF NOT EXISTS ${s}.inbox (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  event_type   text        NOT NULL,
  topic        text        NOT NULL,
  "partition"  integer     NOT NULL,
  "offset"     bigint      NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`;
}

/** The TypeORM migration a service lists first; it works in the DataSource's schema. */
export class CreateMessagingTables1763798400000 implements MigrationInterface {
  name = 'CreateMessagingTables1763798400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(messagingSchemaSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = ident(schemaOf(queryRunner));
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.inbox; DROP TABLE IF EXISTS ${s}.outbox;`);
  }
}

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined) throw new Error('the DataSource needs a schema option for the messaging tables');
  return schema;
}
