import {
  type CheckpointJson,
  type GetConsistencyProofRequestJson,
  type GetConsistencyProofResponseJson,
  type GetInclusionProofRequestJson,
  type GetInclusionProofResponseJson,
  type ListCheckpointsRequestJson,
  type ListCheckpointsResponseJson,
  withArticle,
} from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@parkledger/service-kit';
import { consistencyProof, inclusionProof } from '@parkledger/tlog';
import { Pool, type PoolClient } from 'pg';
import { NO_JIT } from '../database/no-jit';
import { AuditLogRepository, type CheckpointRow } from '../log/audit-log.repository';
import { AuditError, AuditErrorCode } from './audit.errors';

/** The audit log is read by admins and auditors; every other role gets nothing of it. */
export function assertAuditReader(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'auditor') {
    throw new AuditError(
      AuditErrorCode.Forbidden,
      ErrorKind.Forbidden,
      `${withArticle(caller.role)} cannot read the audit log`,
    );
  }
}

export const invalid = (field: string, rule: string, message: string) =>
  new AuditError(AuditErrorCode.Invalid, ErrorKind.Invalid, message, [{ field, rule, message }]);

/** A size or position: a whole number, 0 up (int64 arrives as a decimal string). */
export function wholeNumber(field: string, value: string | undefined): number {
  const text = value ?? '0';
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalid(field, 'whole-number', `${field} must be a whole number from 0`);
  }
  return Number(text);
}

const json = (row: CheckpointRow & { signedAt: Date }): CheckpointJson => ({
  sequence: String(row.sequence),
  size: String(row.size),
  rootHash: row.root.toString('base64'),
  note: row.note,
  signedAt: row.signedAt.toISOString(),
});

/**
 * Checkpoints and the proofs that tie them together, read from the log's own tables: a proof is
 * only given for a tree size the log has signed, so an auditor checks it against a signature.
 */
export class ProofsService {
  constructor(
    private readonly pool: Pool,
    private readonly log: AuditLogRepository,
  ) {}

  async listCheckpoints(caller: Caller, request: ListCheckpointsRequestJson): Promise<ListCheckpointsResponseJson> {
    assertAuditReader(caller);
    const limit = request.page?.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
      throw invalid('limit', 'range', `limit must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const cursor = request.page?.cursor ?? '';
    const before = cursor === '' ? undefined : wholeNumber('cursor', Buffer.from(cursor, 'base64url').toString());
    const rows = await readOnly(this.pool, (tx) => this.log.checkpoints(tx, before, (limit || DEFAULT_PAGE_SIZE) + 1));
    const items = rows.slice(0, limit || DEFAULT_PAGE_SIZE);
    const last = items[items.length - 1];
    return {
      checkpoints: items.map(json),
      nextCursor: rows.length > items.length && last ? Buffer.from(String(last.sequence)).toString('base64url') : '',
    };
  }

  async inclusionProof(caller: Caller, request: GetInclusionProofRequestJson): Promise<GetInclusionProofResponseJson> {
    assertAuditReader(caller);
    const position = wholeNumber('position', request.position);
    const wanted = wholeNumber('treeSize', request.treeSize);
    return readOnly(this.pool, async (tx) => {
      const size = await this.signedSize(tx, wanted, 'treeSize');
      if (position >= size) {
        throw new AuditError(
          AuditErrorCode.NotFound,
          ErrorKind.NotFound,
          `the tree of ${size} has no entry ${position}`,
        );
      }
      const reader = this.log.reader(tx);
      return {
        position: String(position),
        treeSize: String(size),
        leafHash: (await reader(0, position)).toString('base64'),
        hashes: (await inclusionProof(reader, position, size)).map((hash) => hash.toString('base64')),
      };
    });
  }

  async consistencyProof(
    caller: Caller,
    request: GetConsistencyProofRequestJson,
  ): Promise<GetConsistencyProofResponseJson> {
    assertAuditReader(caller);
    const from = wholeNumber('fromSize', request.fromSize);
    const wanted = wholeNumber('toSize', request.toSize);
    return readOnly(this.pool, async (tx) => {
      const to = await this.signedSize(tx, wanted, 'toSize');
      if (from > to) throw invalid('fromSize', 'at-most-toSize', `fromSize ${from} is past toSize ${to}`);
      await this.signedSize(tx, from, 'fromSize');
      const hashes = await consistencyProof(this.log.reader(tx), from, to);
      return { fromSize: String(from), toSize: String(to), hashes: hashes.map((hash) => hash.toString('base64')) };
    });
  }

  /** A size the log signed (0: the latest), or a 404. */
  private async signedSize(tx: PoolClient, size: number, field: string): Promise<number> {
    if (size === 0 && field !== 'fromSize') {
      const last = await this.log.lastCheckpoint(tx);
      if (last === undefined)
        throw new AuditError(AuditErrorCode.NotFound, ErrorKind.NotFound, 'no checkpoint signed yet');
      return last.size;
    }
    if (size === 0 || (await this.log.checkpointOfSize(tx, size))) return size;
    throw new AuditError(AuditErrorCode.NotFound, ErrorKind.NotFound, `no checkpoint signed at ${field} ${size}`);
  }
}

/** One read-only transaction, so what is read is of one state of the tables. */
export async function readOnly<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${NO_JIT}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
