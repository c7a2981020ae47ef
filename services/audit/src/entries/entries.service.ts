import {
  type ListEntriesRequestJson,
  type ListEntriesResponseJson,
  type ListLeavesRequestJson,
  type ListLeavesResponseJson,
} from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { type Pool } from 'pg';
import { type AuditLogRepository } from '../log/audit-log.repository';
import { assertAuditReader, invalid, readOnly, wholeNumber } from '../proofs/proofs.service';
import { type EntriesRepository } from './entries.repository';
import { leafRuns } from './leaf-runs';

const DEFAULT_ENTRIES = 200;
const MAX_ENTRIES = 1000;
const DEFAULT_LEAVES = 1000;
const MAX_LEAVES = 10_000;

/** A page's size: 1..most (0 asks for the default). */
function limitOf(limit: number | undefined, most: number): number {
  const asked = limit ?? 0;
  if (!Number.isInteger(asked) || asked < 0 || asked > most) {
    throw invalid('limit', 'range', `limit must be between 1 and ${most}`);
  }
  return asked;
}

/**
 * The log's entries in its order: with its copies of the records, or as the leaves of its tree
 * (where each was read, and its leaf computed from its copy): what a verifier rebuilds the tree from.
 */
export class EntriesService {
  constructor(
    private readonly pool: Pool,
    private readonly log: AuditLogRepository,
    private readonly entries: EntriesRepository,
  ) {}

  async list(caller: Caller, request: ListEntriesRequestJson): Promise<ListEntriesResponseJson> {
    assertAuditReader(caller);
    const from = wholeNumber('from', request.from);
    const limit = limitOf(request.limit, MAX_ENTRIES);
    return readOnly(this.pool, async (tx) => {
      const entries = await this.log.entries(tx, from, limit || DEFAULT_ENTRIES);
      return {
        size: String(await this.log.size(tx)),
        entries: entries.map((entry) => ({
          position: entry.position,
          topic: entry.topic,
          partition: entry.partition,
          offset: entry.offset,
          headers: entry.headers,
          value: entry.value.toString('base64'),
          deliveries: entry.deliveries,
        })),
      };
    });
  }

  /**
   * The entries at `limit` positions from `from`, each as its leaf hash, computed from its copy for
   * this answer, never the hash stored beside it (a copy rewritten in these tables gives another
   * leaf than Kafka's record, and the verifier names it), and where each was read, in runs.
   */
  async leaves(caller: Caller, request: ListLeavesRequestJson): Promise<ListLeavesResponseJson> {
    assertAuditReader(caller);
    const from = wholeNumber('from', request.from);
    const limit = limitOf(request.limit, MAX_LEAVES);
    return readOnly(this.pool, async (tx) => {
      const copies = await this.entries.copies(tx, from, limit || DEFAULT_LEAVES);
      return { ...leafRuns(copies), size: String(await this.log.size(tx)) };
    });
  }
}
