import { Inject, Injectable } from '@nestjs/common';
import { type EventInit, type EventType } from '@parkledger/contracts';
import { type Outbox, type Statement } from '@parkledger/messaging';
import { ErrorKind, isUuid } from '@parkledger/platform';
import { once, type Caller } from '@parkledger/service-kit';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AWARDS_OUTBOX } from '../config/tokens';
import { assertAwardWriter, runsPolicy } from './award-access';
import { AwardError, AwardErrorCode } from './award.errors';
import { AwardsRepository, type AwardRow, type AwardStatus } from './awards.repository';

export const awardNotFound = (id: string) =>
  new AwardError(AwardErrorCode.AwardNotFound, ErrorKind.NotFound, `no award or application ${id}`);

/** An event of an award, at the version the award row carries. */
export type AwardEvent = { [T in EventType]: { award: AwardRow; type: T; payload: EventInit<T> } }[EventType];

/** A step of one award's lifecycle, inside its transaction: the award as taken, and the changes to send. */
export interface AwardStep {
  tx: EntityManager;
  award: AwardRow;
  writes: Statement[];
  /** the award's next state, written with the step's one event at the award's next version */
  emit: <T extends EventType>(next: AwardRow, type: T, payload: (award: AwardRow) => EventInit<T>) => AwardRow;
}

/**
 * How every step of an award runs: by a writer, once per request key, the award taken (locked) and
 * in one of the statuses the step starts from, one event at its next version, and a usage past a
 * limit or the budget, refused by the database, turned into a 409 that names it.
 */
@Injectable()
export class AwardWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly awards: AwardsRepository,
    @Inject(AWARDS_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async run<T>(
    caller: Caller,
    id: string,
    from: readonly AwardStatus[],
    work: (step: AwardStep) => Promise<T>,
  ): Promise<T> {
    assertAwardWriter(caller);
    if (!isUuid(id)) throw awardNotFound(id);
    try {
      return await once(this.dataSource, caller, async (tx, writes) => {
        const award = await this.awards.take(tx, id);
        // a policy officer sees no award of a policy it does not run
        if (award === undefined || !runsPolicy(caller, award.policy)) throw awardNotFound(id);
        if (!from.includes(award.status)) {
          const message = `the award is ${award.status}; this step needs it ${from.join(' or ')}`;
          throw new AwardError(AwardErrorCode.WrongStatus, ErrorKind.Conflict, message, [
            { field: 'id', rule: 'status', message },
          ]);
        }
        return work({ tx, award, writes, emit: (next, type, payload) => this.emit(writes, next, type, payload) });
      });
    } catch (error) {
      throw limitRefusal(error) ?? error;
    }
  }

  /** A new award's row and its first event. */
  insert<T extends EventType>(writes: Statement[], award: AwardRow, type: T, payload: EventInit<T>): void {
    writes.push(this.awards.insert(award), this.event(award, type, payload));
  }

  /** The award's next state and its one event, at the award's next version. */
  emit<T extends EventType>(
    writes: Statement[],
    next: AwardRow,
    type: T,
    payload: (award: AwardRow) => EventInit<T>,
  ): AwardRow {
    const moved = { ...next, version: String(BigInt(next.version) + 1n) };
    writes.push(this.awards.update(moved), this.event(moved, type, payload(moved)));
    return moved;
  }

  /** The outbox row of one event of the award, at the version the award row carries. */
  event<T extends EventType>(award: AwardRow, type: T, payload: EventInit<T>): Statement {
    return this.events([{ award, type, payload } as AwardEvent]);
  }

  /**
   * The outbox rows of several events of the award, each at the version its row carries, in one
   * statement, so the relay publishes them in that order.
   */
  events(events: readonly AwardEvent[]): Statement {
    return this.outbox.statement(
      events.map(
        ({ award, type, payload }) =>
          ({ type, aggregateId: award.id, aggregateVersion: BigInt(award.version), payload }) as never,
      ),
    );
  }
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * A usage past its bound, as the database refuses it, as the 409 that names the limit; a wait for
 * the usage rows past the request's lock timeout, as a 409 to retry.
 */
export function limitRefusal(error: unknown): AwardError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  if (code === LOCK_NOT_AVAILABLE) {
    return new AwardError(
      AwardErrorCode.Busy,
      ErrorKind.Conflict,
      'other grants of the policy hold what this one needs; retry',
    );
  }
  if (code !== '23514') return undefined;
  const what =
    constraint === 'budget_usage_within_budget'
      ? "the policy's budget for the year"
      : constraint === 'limit_usage_within_bound'
        ? 'a limit of the item'
        : undefined;
  if (what === undefined) return undefined;
  const message = `the grant would pass ${what}: evaluate the application again`;
  return new AwardError(AwardErrorCode.LimitReached, ErrorKind.Conflict, message, [
    { field: 'amount', rule: constraint ?? 'limit', message },
  ]);
}
