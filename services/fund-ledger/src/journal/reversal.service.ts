import { Injectable } from '@nestjs/common';
import { type ReverseEntryRequestJson, type ReverseEntryResponseJson } from '@parkledger/contracts';
import { ErrorKind, isUuid } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { reversalOf } from '../ledger/journal-entry';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';
import { entryMessage, FundWrites } from './fund-writes';
import { JournalRepository } from './journal.repository';

/**
 * A mistake is corrected by a new entry that mirrors it, dated in an open period; nothing is
 * edited. An entry is reversed once (the database holds that too); a reversal that would take a
 * balance below zero (a contribution whose cash is already invested) is refused naming the limit.
 */
@Injectable()
export class ReversalService {
  constructor(
    private readonly writes: FundWrites,
    private readonly journal: JournalRepository,
  ) {}

  async reverse(caller: Caller, request: ReverseEntryRequestJson): Promise<ReverseEntryResponseJson> {
    const check = new FieldCheck(LedgerErrorCode.Invalid);
    const on = check.date('effectiveOn', request.effectiveOn) ?? '';
    const reason = check.text('reason', request.reason, { max: 500 });
    check.done();
    const entryId = request.entryId ?? '';
    return this.writes.run(caller, request.fundId ?? '', async (write) => {
      const original = isUuid(entryId) ? await this.journal.find(write.tx, write.fund.id, entryId) : undefined;
      if (original === undefined) {
        throw new LedgerError(LedgerErrorCode.EntryNotFound, ErrorKind.NotFound, `the fund has no entry ${entryId}`);
      }
      if (on < original.effective_on) {
        const message = `a reversal is dated on or after the entry it reverses (${original.effective_on})`;
        throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, message, [
          { field: 'effectiveOn', rule: 'on-or-after-original', message },
        ]);
      }
      if (original.reverses !== null) {
        throw new LedgerError(
          LedgerErrorCode.NotReversible,
          ErrorKind.Conflict,
          'a reversal is not reversed: book the correction as a new entry',
        );
      }
      if ((await this.journal.reversalOf(write.tx, original.id)) !== undefined) {
        throw new LedgerError(
          LedgerErrorCode.AlreadyReversed,
          ErrorKind.Conflict,
          `entry ${original.id} is already reversed`,
        );
      }
      const postings = reversalOf(
        original.postings.map((p) => ({ account: p.account, currency: p.currency, amount: BigInt(p.amount) })),
      );
      const entry = write.entry({
        operation: 'reverse',
        effectiveOn: on,
        postings,
        memo: reason,
        reverses: original.id,
      });
      write.emit('parkledger.fund.entry-reversed.v1', {
        reversedEntryId: original.id,
        reason,
        entry: entryMessage(entry),
      });
      return { entry };
    });
  }
}
