import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The audit log: every Kafka record read (deliveries), each distinct one once in the audit's order
 * (entries, the leaves of the Merkle tree), the tree's perfect subtrees (nodes), each aggregate's
 * hash chain (links, and where it stands in aggregates), what looked wrong (anomalies), and the
 * signed checkpoints. What the log holds is never updated, deleted or truncated: triggers refuse it
 * (an anomaly may only be marked resolved, once). An owner of the tables can still disable them;
 * that is what checkpoints and the independent verifier are for.
 */
const LOG_TABLES = ['deliveries', 'entries', 'nodes', 'links', 'aggregates', 'anomalies', 'checkpoints'];

export class CreateAuditLog1767000000000 implements MigrationInterface {
  name = 'CreateAuditLog1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deliveries (
        topic        text    NOT NULL,
        "partition"  integer NOT NULL,
        "offset"     bigint  NOT NULL,
        -- the leaf hash of the record's entry: a copy of an entry logged before is absorbed
        leaf         bytea   NOT NULL,
        read_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, "partition", "offset")
      );
      CREATE INDEX deliveries_leaf ON deliveries (leaf);

      CREATE TABLE entries (
        position          bigint  PRIMARY KEY CHECK (position >= 0),
        leaf              bytea   NOT NULL UNIQUE CHECK (length(leaf) = 32),
        -- the envelope, when it could be read (null fields: an undecodable record, an anomaly)
        event_id          uuid,
        event_type        text,
        aggregate_type    text,
        aggregate_id      text,
        aggregate_version bigint,
        occurred_at       timestamptz,
        correlation_id    text,
        -- where its first copy was read
        topic             text    NOT NULL,
        "partition"       integer NOT NULL,
        "offset"          bigint  NOT NULL,
        -- json, not jsonb: it keeps a header's text as read, a NUL escape included
        headers           json    NOT NULL,
        value             bytea   NOT NULL,
        logged_at         timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX entries_event ON entries (event_id);
      CREATE INDEX entries_aggregate ON entries (aggregate_type, aggregate_id, aggregate_version);
      CREATE INDEX entries_type_time ON entries (event_type, occurred_at);
      CREATE INDEX entries_correlation ON entries (correlation_id) WHERE correlation_id IS NOT NULL;

      CREATE TABLE nodes (
        level  smallint NOT NULL CHECK (level >= 0),
        index  bigint   NOT NULL CHECK (index >= 0),
        hash   bytea    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, index)
      );

      CREATE TABLE links (
        aggregate_type text   NOT NULL,
        aggregate_id   text   NOT NULL,
        version        bigint NOT NULL CHECK (version >= 1),
        position       bigint NOT NULL UNIQUE REFERENCES entries (position),
        link           bytea  NOT NULL CHECK (length(link) = 32),
        PRIMARY KEY (aggregate_type, aggregate_id, version)
      );

      -- where each aggregate's chain stands: versions 1..chained linked, up to seen read
      CREATE TABLE aggregates (
        aggregate_type text   NOT NULL,
        aggregate_id   text   NOT NULL,
        chained        bigint NOT NULL CHECK (chained >= 0),
        link           bytea,
        seen           bigint NOT NULL CHECK (seen >= chained),
        PRIMARY KEY (aggregate_type, aggregate_id)
      );

      CREATE TABLE anomalies (
        id             bigserial PRIMARY KEY,
        kind           text NOT NULL CHECK (kind IN ('missing', 'conflicting-id', 'conflicting-version', 'undecodable')),
        aggregate_type text,
        aggregate_id   text,
        from_version   bigint,
        to_version     bigint,
        -- the entry that raised it, and the one it conflicts with
        position       bigint REFERENCES entries (position),
        earlier        bigint REFERENCES entries (position),
        detail         text NOT NULL,
        raised_at      timestamptz NOT NULL DEFAULT now(),
        resolved_at    timestamptz
      );
      CREATE INDEX anomalies_open ON anomalies (aggregate_type, aggregate_id) WHERE resolved_at IS NULL;

      CREATE TABLE checkpoints (
        sequence   bigint PRIMARY KEY CHECK (sequence >= 1),
        size       bigint NOT NULL UNIQUE CHECK (size >= 0),
        root       bytea  NOT NULL CHECK (length(root) = 32),
        note       text   NOT NULL,
        signed_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- an anomaly may be marked resolved, once, and nothing else of it changed
        IF TG_TABLE_NAME = 'anomalies' AND TG_OP = 'UPDATE'
           AND to_jsonb(OLD) -> 'resolved_at' = 'null'::jsonb
           AND to_jsonb(NEW) -> 'resolved_at' <> 'null'::jsonb
           AND (to_jsonb(NEW) - 'resolved_at') = (to_jsonb(OLD) - 'resolved_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER deliveries_append_only BEFORE UPDATE OR DELETE ON deliveries
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER nodes_append_only BEFORE UPDATE OR DELETE ON nodes
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER links_append_only BEFORE UPDATE OR DELETE ON links
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER anomalies_append_only BEFORE UPDATE OR DELETE ON anomalies
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

      CREATE FUNCTION audit_log_is_never_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: TRUNCATE on % refused', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      ${LOG_TABLES.map(
        (table) => `CREATE TRIGGER ${table}_never_truncated BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_never_truncated();`,
      ).join('\n      ')}
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE checkpoints, anomalies, aggregates, links, nodes, entries, deliveries;
      DROP FUNCTION audit_log_is_append_only();
      DROP FUNCTION audit_log_is_never_truncated();
    `);
  }
}
