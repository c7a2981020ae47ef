import { type ListEntriesRequestJson, type ListEntriesResponseJson } from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { type Pool } from 'pg';
import { type AuditLogRepository } from '../log/audit-log.repository';
import { assertAuditReader, invalid, readOnly, wholeNumber } from '../proofs/proofs.service';

const DEFAULT_ENTRIES = 200;
const MAX_ENTRIES = 1000;

/** The log's entries in its order, with its copies of the records: what a verifier rebuilds the tree from. */
export class EntriesService {
  constructor(
    private readonly pool: Pool,
    private readonly log: AuditLogRepository,
  ) {}

  async list(caller: Caller, request: ListEntriesRequestJson): Promise<ListEntriesResponseJson> {
    assertAuditReader(caller);
    const from = wholeNumber('from', request.from);
    const limit = request.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_ENTRIES) {
      throw invalid('limit', 'range', `limit must be between 1 and ${MAX_ENTRIES}`);
    }
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
}
