import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { ident } from '../sql';

/**
 * The outbox (events a service committed, waiting for the relay) and the inbox (events a
 * consumer applied, and how many times each was delivered), in the service's own schema.
 */
export function messagingSchemaSql(schema: string): string {
  return (
    createTablesSql(schema) + countDeliveriesSql(schema) + setAsideAndDeadLetterSql(schema) + requestAnswersSql(schema)
  );
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

/**
 * An outbox row the relay failed to publish `attempts` times while the broker answered is set aside
 * with the reason, and the later rows of its aggregate wait behind it. An inbox row can record an
 * event that was dead-lettered, so its redelivery is absorbed like a duplicate. Pruning finds
 * published outbox rows and old inbox rows by time.
 */
function setAsideAndDeadLetterSql(schema: string): string {
  const s = ident(schema);
  return `
ALTER TABLE ${s}.outbox ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE ${s}.outbox ADD COLUMN IF NOT EXISTS set_aside_at timestamptz;
ALTER TABLE ${s}.outbox ADD COLUMN IF NOT EXISTS set_aside_reason text;
CREATE INDEX IF NOT EXISTS outbox_set_aside ON ${s}.outbox (aggregate_type, aggregate_id, position)
  WHERE set_aside_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_published ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL;
ALTER TABLE ${s}.inbox ADD COLUMN IF NOT EXISTS dead_lettered boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS inbox_processed_at ON ${s}.inbox (processed_at);
`;
}

/**
 * The answers to requests with an Idempotency-Key, stored with the change they made (service-kit's
 * once); the services made the table themselves before, so this only adds what pruning needs.
 */
function requestAnswersSql(schema: string): string {
  const s = ident(schema);
  return `
CREATE TABLE IF NOT EXISTS ${s}.processed_requests (
  request_id  text        PRIMARY KEY,
  fingerprint text        NOT NULL DEFAULT '',
  response    jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS processed_requests_created_at ON ${s}.processed_requests (created_at);
`;
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

export class SetAsideAndDeadLetter1764600000000 implements MigrationInterface {
  name = 'SetAsideAndDeadLetter1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(setAsideAndDeadLetterSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = ident(schemaOf(queryRunner));
    await queryRunner.query(
      `DROP INDEX IF EXISTS ${s}.inbox_processed_at; DROP INDEX IF EXISTS ${s}.outbox_published;
       DROP INDEX IF EXISTS ${s}.outbox_set_aside;
       ALTER TABLE ${s}.inbox DROP COLUMN IF EXISTS dead_lettered;
       ALTER TABLE ${s}.outbox DROP COLUMN IF EXISTS set_aside_reason, DROP COLUMN IF EXISTS set_aside_at,
         DROP COLUMN IF EXISTS attempts;`,
    );
  }
}

export class PruneRequestAnswers1765000000000 implements MigrationInterface {
  name = 'PruneRequestAnswers1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(requestAnswersSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ${ident(schemaOf(queryRunner))}.processed_requests_created_at;`);
  }
}

/** The messaging migrations, in order: a service lists them beside its own (TypeORM runs all by timestamp). */
export const MESSAGING_MIGRATIONS = [
  CreateMessagingTables1763798400000,
  CountInboxDeliveries1764000000000,
  SetAsideAndDeadLetter1764600000000,
  PruneRequestAnswers1765000000000,
];

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined) throw new Error('the DataSource needs a schema option for the messaging tables');
  return schema;
}
