import {
  type Caller,
  FieldCheck,
  assertParkWriter,
  once,
  pageOf,
  pageRequest,
  seesAllParks,
} from '@parkledger/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import {
  type LeaveParkRequestJson,
  type ListSettlementsRequestJson,
  type ListSettlementsResponseJson,
  type SettleEnterpriseRequestJson,
  type SettlementJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { DataSource } from 'typeorm';
import { REGISTRY_OUTBOX } from '../common/tokens';
import { EnterprisesRepository } from '../enterprises/enterprises.repository';
import { ParksService } from '../parks/parks.service';
import { SettlementError, SettlementErrorCode } from './settlement.errors';
import { SettlementsRepository, type SettlementRow } from './settlements.repository';

function settlementJson(row: SettlementRow): SettlementJson {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    parkId: row.park_id,
    settledOn: row.settled_on,
    leftOn: row.left_on ?? '',
    version: row.version,
  };
}

const settlementMessage = (row: SettlementRow) => ({ ...settlementJson(row), version: BigInt(row.version) });

/** An enterprise settles in a park on a date and leaves on a date; once at a time in the same park. */
@Injectable()
export class SettlementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settlements: SettlementsRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly parks: ParksService,
    @Inject(REGISTRY_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async settle(caller: Caller, request: SettleEnterpriseRequestJson): Promise<SettlementJson> {
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(SettlementErrorCode.Invalid);
    const settledOn = check.date('settledOn', request.settledOn) ?? '';
    const enterpriseId = request.enterpriseId ?? '';
    check.done();
    return once(this.dataSource, caller, async (tx) => {
      const park = await this.parks.referenced(tx, caller, request.parkId ?? '', 'parkId', 'settlement');
      const enterprise = isUuid(enterpriseId) ? await this.enterprises.find(tx, enterpriseId, true) : undefined;
      if (enterprise === undefined) {
        throw new SettlementError(SettlementErrorCode.Invalid, ErrorKind.Invalid, `no enterprise ${enterpriseId}`, [
          { field: 'enterpriseId', rule: 'exists', message: `no enterprise ${enterpriseId}` },
        ]);
      }
      const overlapping = await this.settlements.overlapping(tx, enterprise.id, park.id, settledOn);
      if (overlapping.length > 0) {
        const stay = overlapping[0] as SettlementRow;
        throw new SettlementError(
          SettlementErrorCode.AlreadySettled,
          ErrorKind.Conflict,
          `${enterprise.name} is settled in ${park.name_en} from ${stay.settled_on}${stay.left_on === null ? '' : ` to ${stay.left_on}`}; it can settle there again only after it leaves`,
        );
      }
      const row: SettlementRow = {
        id: uuidv7(),
        enterprise_id: enterprise.id,
        park_id: park.id,
        settled_on: settledOn,
        left_on: null,
        version: '1',
      };
      await this.settlements.insert(tx, row);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.settlement.settled.v1',
          aggregateId: row.id,
          aggregateVersion: 1,
          payload: { settlement: settlementMessage(row) },
        },
      ]);
      return settlementJson(row);
    });
  }

  async leave(caller: Caller, request: LeaveParkRequestJson): Promise<SettlementJson> {
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(SettlementErrorCode.Invalid);
    const leftOn = check.date('leftOn', request.leftOn) ?? '';
    check.done();
    const id = request.settlementId ?? '';
    return once(this.dataSource, caller, async (tx) => {
      const before = isUuid(id) ? await this.settlements.find(tx, id, true) : undefined;
      const notFound = new SettlementError(SettlementErrorCode.NotFound, ErrorKind.NotFound, `no settlement ${id}`);
      if (before === undefined) throw notFound;
      try {
        await this.parks.visible(tx, caller, before.park_id);
      } catch {
        throw notFound;
      }
      if (before.left_on !== null) {
        throw new SettlementError(
          SettlementErrorCode.AlreadyLeft,
          ErrorKind.Conflict,
          `the enterprise already left on ${before.left_on}`,
        );
      }
      if (leftOn < before.settled_on) {
        throw new SettlementError(
          SettlementErrorCode.Invalid,
          ErrorKind.Invalid,
          `leftOn ${leftOn} is before settledOn ${before.settled_on}`,
          [{ field: 'leftOn', rule: 'not-before-settled-on', message: `on or after ${before.settled_on}` }],
        );
      }
      const after: SettlementRow = { ...before, left_on: leftOn, version: String(BigInt(before.version) + 1n) };
      await this.settlements.update(tx, after);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.settlement.left.v1',
          aggregateId: after.id,
          aggregateVersion: BigInt(after.version),
          payload: { settlement: settlementMessage(after) },
        },
      ]);
      return settlementJson(after);
    });
  }

  async list(caller: Caller, request: ListSettlementsRequestJson): Promise<ListSettlementsResponseJson> {
    const page = pageRequest(request.page);
    const rows = await this.settlements.list(
      this.dataSource.manager,
      {
        ...(request.parkId ? { parkId: request.parkId } : {}),
        ...(request.enterpriseId ? { enterpriseId: request.enterpriseId } : {}),
        currentOnly: request.currentOnly === true,
        ...(seesAllParks(caller) ? {} : { scopeRoots: caller.parkScope }),
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { settlements: items.map(settlementJson), nextCursor };
  }
}
