import { fromJson } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import {
  JournalEntrySchema,
  type JournalEntryJson,
  type EventInit,
  type EventType,
  type JournalOperation,
} from '@parkledger/contracts';
import { type NewEvent, type Outbox, type Statement } from '@parkledger/messaging';
import { isUuid, uuidv7 } from '@parkledger/platform';
import { once, type Caller } from '@parkledger/service-kit';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { LEDGER_OUTBOX } from '../config/tokens';
import { assertFundWriter, fundNotFound, seesFund } from '../funds/fund-access';
import { FundsRepository, type FundRow } from '../funds/funds.repository';
import { assertBalanced, type Posting } from '../ledger/journal-entry';
import { ledgerRefusal, type DatabaseRefusal } from '../ledger/limits';
import { JournalRepository } from './journal.repository';

export interface EntryDraft {
  operation: JournalOperation;
  effectiveOn: string;
  postings: readonly Posting[];
  memo?: string;
  reverses?: string;
}

/** One write to one fund, inside its transaction: the fund as taken, and the changes to send. */
export class FundWrite {
  readonly statements: Statement[] = [];
  private event: NewEvent | undefined;

  constructor(
    readonly tx: EntityManager,
    readonly fund: FundRow,
    private readonly caller: Caller,
    private readonly journal: JournalRepository,
  ) {}

  /** A balanced entry of the fund, to be written with the rest; its JSON for the answer and the event. */
  entry(draft: EntryDraft): JournalEntryJson {
    assertBalanced(draft.postings);
    const entry = {
      id: uuidv7(),
      fundId: this.fund.id,
      effectiveOn: draft.effectiveOn,
      recordedAt: new Date().toISOString(),
      operation: draft.operation,
      requestKey: this.caller.request?.key ?? null,
      reverses: draft.reverses ?? null,
      memo: draft.memo ?? '',
      postings: draft.postings,
    };
    this.statements.push(...this.journal.insert(entry));
    return {
      id: entry.id,
      fundId: entry.fundId,
      effectiveOn: entry.effectiveOn,
      recordedAt: entry.recordedAt,
      operation: entry.operation,
      reverses: entry.reverses ?? '',
      memo: entry.memo,
      postings: entry.postings.map((p) => ({
        account: p.account,
        amount: { minorUnits: p.amount.toString(), currency: p.currency },
      })),
    };
  }

  /** The write's one event, at the fund's next version (taken with the fund). */
  emit<T extends EventType>(type: T, payload: EventInit<T>): void {
    if (this.event !== undefined) throw new Error('a fund write appends one event');
    this.event = { type, aggregateId: this.fund.id, aggregateVersion: BigInt(this.fund.version), payload } as NewEvent;
  }

  takeEvent(): NewEvent {
    if (this.event === undefined) throw new Error('a fund write appends its event');
    return this.event;
  }
}

/** An entry as it goes into an event: the generated message, int64 as bigint. */
export const entryMessage = (entry: JournalEntryJson) => fromJson(JournalEntrySchema, entry);

/**
 * How every write to a fund's books runs: once per request key, the fund taken (locked, its version
 * moved on) after the caller is checked against it, one event, and what the database refuses (a
 * limit, a closed period, a second reversal) turned into the ledger's own 409 or 422.
 */
@Injectable()
export class FundWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundsRepository,
    private readonly journal: JournalRepository,
    @Inject(LEDGER_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async run<T>(caller: Caller, fundId: string, work: (write: FundWrite) => T | Promise<T>): Promise<T> {
    assertFundWriter(caller);
    if (!isUuid(fundId) || !seesFund(caller, fundId)) throw fundNotFound(fundId);
    let currency = 'CNY';
    try {
      return await once(this.dataSource, caller, async (tx, writes) => {
        const fund = await this.funds.takeForWrite(tx, fundId);
        if (fund === undefined) throw fundNotFound(fundId);
        currency = fund.currency;
        const write = new FundWrite(tx, fund, caller, this.journal);
        const result = await work(write);
        writes.push(...write.statements, this.outbox.statement([write.takeEvent()]));
        return result;
      });
    } catch (error) {
      if (error instanceof QueryFailedError) {
        const refusal = ledgerRefusal(error.driverError as DatabaseRefusal, currency);
        if (refusal !== undefined) throw refusal;
      }
      throw error;
    }
  }
}
