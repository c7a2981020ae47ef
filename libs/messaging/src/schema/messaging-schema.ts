import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { ident } from '../sql';

/**
 * The outbox (events a service committed, waiting for the relay) and the inbox (events a
 * consumer applied, and how many times each was delivered), in the service's own schema.
 */
export function messagingSchemaSql(schema: string): string {
  return createTablesSql(schema) + countDeliveriesSql(schema);
}

function createTablesSql(schema: string): string {
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

/** Deliveries beyond the first are duplicates the inbox absorbed (relay republished, consumer redelivered). */
function countDeliveriesSql(schema: string): string {
  return `ALTER TABLE ${ident(schema)}.inbox ADD COLUMN IF NOT EXISTS deliveries integer NOT NULL DEFAULT 1;\n`;
}

/** The TypeORM migration a service lists first; it works in the DataSource's schema. */
export class CreateMessagingTables1763798400000 implements MigrationInterface {
  name = 'CreateMessagingTables1763798400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createTablesSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = ident(schemaOf(queryRunner));
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.inbox; DROP TABLE IF EXISTS ${s}.outbox;`);
  }
}

export class CountInboxDeliveries1764000000000 implements MigrationInterface {
  name = 'CountInboxDeliveries1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(countDeliveriesSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${ident(schemaOf(queryRunner))}.inbox DROP COLUMN IF EXISTS deliveries;`);
  }
}

/** The messaging migrations, in order: a service lists them before its own. */
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1763798400000, CountInboxDeliveries1764000000000];

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined) throw new Error('the DataSource needs a schema option for the messaging tables');
  return schema;
}
