import { envelopeHeaders, encodeEvent, EVENTS, type EventInit, type EventType } from '@parkledger/contracts';
import { Outbox } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { generateSignerKey, parseSignerKey, type SignerKey } from '@parkledger/tlog';
import { type Pool, type PoolClient } from 'pg';
import { loadAuditConfig } from '../config/audit.config';
import { createDataSource } from '../database/data-source';
import { AuditIngest, type IngestResult } from '../log/audit-ingest';
import { AuditLogRepository, type DeliveredRecord } from '../log/audit-log.repository';
import { Checkpointer, type CheckpointPolicy } from '../log/checkpointer';

/** The schema the integration specs migrate and query by name (`audit.entries`). */
export const SPEC_SCHEMA = 'audit';
export const SPEC_ORIGIN = 'parkledger.test/audit';

export interface AuditUnderTest extends MigratedDatabase {
  signer: SignerKey;
  repository: AuditLogRepository;
  ingest: AuditIngest;
  checkpointer(policy?: Partial<CheckpointPolicy>): Checkpointer;
  /** applies records in one transaction, as the consumer does with a batch */
  apply(records: readonly DeliveredRecord[]): Promise<IngestResult>;
  /** runs `work` in a transaction of its own */
  inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T>;
  pool(max: number): Pool;
}

/**
 * The audit log on a migrated database of the calling spec's own, without Nest, gRPC or Kafka.
 * `oneStatementUpTo`: the most new records a batch its repository writes as one statement has (the
 * service's figure by default).
 */
export async function auditUnderTest(
  label: string,
  { oneStatementUpTo }: { oneStatementUpTo?: number } = {},
): Promise<AuditUnderTest> {
  const signingKey = generateSignerKey(SPEC_ORIGIN);
  const database = await migratedDatabase(label, SPEC_SCHEMA, (env) =>
    createDataSource(
      loadAuditConfig({ ...env, AUDIT_SIGNING_KEY: signingKey, AUDIT_ORIGIN: SPEC_ORIGIN }),
      SPEC_SCHEMA,
    ),
  );
  const repository = new AuditLogRepository(oneStatementUpTo);
  const ingest = new AuditIngest(repository);
  const pool = database.pool(4);
  const inTransaction = async <T>(work: (tx: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const signer = parseSignerKey(signingKey);
  return {
    ...database,
    signer,
    repository,
    ingest,
    checkpointer: (policy = {}) =>
      new Checkpointer(repository, new Outbox(SPEC_SCHEMA, '/parkledger/audit'), {
        origin: SPEC_ORIGIN,
        signer,
        every: 1000,
        seconds: 3600,
        ...policy,
      }),
    apply: (records) => inTransaction((tx) => ingest.apply(tx, ingest.prepare(records))),
    inTransaction,
  };
}

/** Offsets no other record of the spec was delivered at, unless one is given. */
let nextOffset = 1_000_000;

/** Probe events of one aggregate as Kafka would deliver them, each at an offset of its own. */
export function probeRecords(
  probeId: string,
  versions: readonly number[],
  options: { topic?: string; offset?: number; note?: string } = {},
): DeliveredRecord[] {
  const { topic = 'parkledger.probes.v1', offset, note = 'audit' } = options;
  return versions.map((version, n) =>
    probeRecord(probeId, version, { topic, note, ...(offset === undefined ? {} : { offset: offset + n }) }),
  );
}

export function probeRecord(
  probeId: string,
  version: number,
  options: { topic?: string; offset?: number; note?: string; id?: string } = {},
): DeliveredRecord {
  const { topic = 'parkledger.probes.v1', offset = (nextOffset += 1), note = 'audit', id = uuidv7() } = options;
  return {
    topic,
    partition: 0,
    offset: String(offset),
    headers: envelopeHeaders({
      id,
      source: '/parkledger/test',
      type: 'parkledger.probe.emitted.v1',
      time: '2026-12-01T00:00:00.000Z',
      subject: probeId,
      aggregateType: 'probe',
      aggregateVersion: String(version),
    }),
    value: Buffer.from(encodeEvent('parkledger.probe.emitted.v1', { probeId, sequence: BigInt(version), note })),
  };
}

/** An event of any type as Kafka would deliver it on its topic, at an offset of its own unless one is given. */
export function eventRecord<T extends EventType>(
  type: T,
  aggregateId: string,
  version: number,
  payload: EventInit<T>,
  options: { time?: string; correlationId?: string; offset?: number; id?: string } = {},
): DeliveredRecord {
  const { time = '2026-12-01T00:00:00.000Z', offset = (nextOffset += 1), id = uuidv7() } = options;
  return {
    topic: EVENTS[type].topic,
    partition: 0,
    offset: String(offset),
    headers: envelopeHeaders({
      id,
      source: '/parkledger/test',
      type,
      time,
      subject: aggregateId,
      aggregateType: EVENTS[type].aggregate,
      aggregateVersion: String(version),
      ...(options.correlationId === undefined ? {} : { correlationId: options.correlationId }),
    }),
    value: Buffer.from(encodeEvent(type, payload)),
  };
}
