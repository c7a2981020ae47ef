import { type Outbox } from '@parkledger/messaging';
import {
  consistencyProof,
  EMPTY_ROOT,
  type Hash,
  signCheckpoint,
  type SignerKey,
  verifyConsistency,
} from '@parkledger/tlog';
import { type PoolClient } from 'pg';
import { type AuditLogRepository, type CheckpointRow } from './audit-log.repository';

export interface CheckpointPolicy {
  origin: string;
  signer: SignerKey;
  /** a checkpoint once this many events came since the last, ... */
  every: number;
  /** ... or once this many seconds passed since it, with at least one event since */
  seconds: number;
}

/** The tree as it stands would not extend the last checkpoint signed: the log was rewritten. */
export class InconsistentLogError extends Error {}

/**
 * Signs checkpoints of the log's tree (c2sp.org/tlog-checkpoint) when they are due, in the
 * transaction that holds the log's lock, and publishes each through the outbox. Before it signs, it
 * proves the new tree extends the last checkpoint it signed, from the tree's own nodes: a log whose
 * nodes were rewritten is never signed, whatever restarts came between.
 */
export class Checkpointer {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly outbox: Outbox,
    private readonly policy: CheckpointPolicy,
  ) {}

  /** How long after the last checkpoint one is due, when entries came since. */
  get seconds(): number {
    return this.policy.seconds;
  }

  async signIfDue(tx: PoolClient, size: number, root: Hash, now = new Date()): Promise<CheckpointRow | undefined> {
    const last = await this.log.lastCheckpoint(tx);
    const since = size - (last?.size ?? 0);
    if (since <= 0) return undefined;
    const waited = last === undefined ? Infinity : now.getTime() - last.signedAt.getTime();
    if (since < this.policy.every && waited < this.policy.seconds * 1000) return undefined;
    if (last !== undefined) {
      // which nodes a proof reads depends on the two sizes only: named by a first pass, read in one query
      const wanted: { level: number; index: number }[] = [];
      await consistencyProof(
        (level, index) => {
          wanted.push({ level, index });
          return EMPTY_ROOT;
        },
        last.size,
        size,
      );
      const proof = await consistencyProof(await this.log.readerOf(tx, wanted), last.size, size);
      const failure = verifyConsistency(last.size, size, last.root, root, proof);
      if (failure !== undefined) {
        throw new InconsistentLogError(
          `the tree of ${size} does not extend checkpoint ${last.sequence} (${last.size}): ${failure}; nothing signed`,
        );
      }
    }
    const checkpoint = {
      sequence: (last?.sequence ?? 0) + 1,
      size,
      root,
      note: signCheckpoint({ origin: this.policy.origin, size, root }, this.policy.signer),
    };
    await this.log.insertCheckpoint(tx, checkpoint);
    const { text, params } = this.outbox.statement([
      {
        type: 'parkledger.checkpoint.signed.v1',
        aggregateId: this.policy.origin,
        aggregateVersion: BigInt(checkpoint.sequence),
        payload: { origin: this.policy.origin, size: BigInt(size), rootHash: root, note: checkpoint.note },
      },
    ]);
    await tx.query(text, params);
    return checkpoint;
  }
}
