import {
  type Caller,
  FieldCheck,
  assertParkWriter,
  callerFrom,
  once,
  pageOf,
  pageRequest,
  seesAllParks,
} from '@parkledger/service-kit';
import { Injectable } from '@nestjs/common';
import {
  INDUSTRY_FIELDS,
  PARK_KINDS,
  type GetParkSubtreeResponseJson,
  type ListParksRequestJson,
  type ListParksResponseJson,
  type MoveParkRequestJson,
  type ParkJson,
  type RegisterParkRequestJson,
  type UpdateParkRequestJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { DecimalError, ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { REGISTRY_OUTBOX } from '../common/tokens';
import { Inject } from '@nestjs/common';
import { assertChildrenFit, assertNoCycle, assertRemovable, AREA_SCALE, formatArea, parseArea } from './park-hierarchy';
import { parkJson, parkMessage } from './park-mapping';
import { ParkError, ParkErrorCode } from './park.errors';
import { ParksRepository, type ParkRow } from './parks.repository';

const areaNode = (row: ParkRow) => ({
  name: row.name_en,
  plannedArea: row.planned_area_km2 === null ? undefined : parseArea(row.planned_area_km2),
});

function checkArea(check: FieldCheck, value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  try {
    const units = parseArea(value);
    if (units <= 0n) check.fail('plannedAreaKm2', 'positive', 'plannedAreaKm2 must be more than 0');
    return formatArea(units);
  } catch (error) {
    if (!(error instanceof DecimalError)) throw error;
    check.fail(
      'plannedAreaKm2',
      error.rule,
      `plannedAreaKm2: ${error.message} (km², at most ${AREA_SCALE} decimal places)`,
    );
    return null;
  }
}

const notFound = (id: string) => new ParkError(ParkErrorCode.NotFound, ErrorKind.NotFound, `no park ${id}`);

/** The park hierarchy: its rules, its scope, and an event for every change. */
@Injectable()
export class ParksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parks: ParksRepository,
    @Inject(REGISTRY_OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A park the caller may see, or the same NotFound as a missing one: nothing leaks that it exists. */
  async visible(tx: EntityManager, caller: Caller, id: string, lock = false): Promise<ParkRow> {
    const park = isUuid(id) ? await this.parks.find(tx, id, lock) : undefined;
    if (park === undefined) throw notFound(id);
    if (!seesAllParks(caller) && !(await this.parks.withinSubtrees(tx, id, caller.parkScope))) throw notFound(id);
    return park;
  }

  async register(request: RegisterParkRequestJson): Promise<ParkJson> {
    const caller = callerFrom(request.caller);
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(ParkErrorCode.Invalid);
    const kind = check.oneOf('kind', request.kind, PARK_KINDS);
    const nameZh = check.text('nameZh', request.nameZh);
    const nameEn = check.text('nameEn', request.nameEn);
    const area = checkArea(check, request.plannedAreaKm2);
    const focus = check.each('focusIndustries', request.focusIndustries, INDUSTRY_FIELDS);
    const operator = check.text('operator', request.operator, { required: false });
    const parentId = request.parentId ?? '';
    if (parentId === '' && caller.role !== 'admin')
      check.fail('parentId', 'required', 'only an admin registers a root park');
    check.done();

    return once(this.dataSource, request.caller, async (tx) => {
      const park: ParkRow = {
        id: uuidv7(),
        parent_id: parentId === '' ? null : parentId,
        kind,
        name_zh: nameZh,
        name_en: nameEn,
        planned_area_km2: area,
        focus_industries: focus,
        operator,
        version: '1',
      };
      if (park.parent_id !== null) {
        const parent = await this.referenced(tx, caller, park.parent_id, 'parentId');
        assertChildrenFit(areaNode(parent), [...(await this.parks.children(tx, parent.id)), park].map(areaNode));
      }
      await this.parks.insert(tx, park);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.park.registered.v1',
          aggregateId: park.id,
          aggregateVersion: 1,
          payload: { park: parkMessage(park) },
        },
      ]);
      return parkJson(park);
    });
  }

  async get(callerJson: RegisterParkRequestJson['caller'], id: string): Promise<ParkJson> {
    const caller = callerFrom(callerJson);
    return parkJson(await this.visible(this.dataSource.manager, caller, id));
  }

  async list(request: ListParksRequestJson): Promise<ListParksResponseJson> {
    const caller = callerFrom(request.caller);
    const page = pageRequest(request.page);
    const rows = await this.parks.list(
      this.dataSource.manager,
      {
        ...(request.parentId ? { parentId: request.parentId } : {}),
        ...(request.kind ? { kind: request.kind } : {}),
        ...(request.nameContains ? { nameContains: request.nameContains } : {}),
        ...(request.focusIndustry ? { focusIndustry: request.focusIndustry } : {}),
        ...(seesAllParks(caller) ? {} : { scopeRoots: caller.parkScope }),
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { parks: items.map(parkJson), nextCursor };
  }

  async subtree(callerJson: RegisterParkRequestJson['caller'], id: string): Promise<GetParkSubtreeResponseJson> {
    const caller = callerFrom(callerJson);
    await this.visible(this.dataSource.manager, caller, id);
    return { parks: (await this.parks.subtree(this.dataSource.manager, id)).map(parkJson) };
  }

  async update(request: UpdateParkRequestJson): Promise<ParkJson> {
    const caller = callerFrom(request.caller);
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(ParkErrorCode.Invalid);
    const changes: Partial<ParkRow> = {};
    if (request.kind !== undefined) changes.kind = check.oneOf('kind', request.kind, PARK_KINDS);
    if (request.nameZh !== undefined) changes.name_zh = check.text('nameZh', request.nameZh);
    if (request.nameEn !== undefined) changes.name_en = check.text('nameEn', request.nameEn);
    if (request.plannedAreaKm2 !== undefined) changes.planned_area_km2 = checkArea(check, request.plannedAreaKm2);
    if (request.operator !== undefined)
      changes.operator = check.text('operator', request.operator, { required: false });
    if (request.replaceFocusIndustries === true) {
      changes.focus_industries = check.each('focusIndustries', request.focusIndustries, INDUSTRY_FIELDS);
    }
    check.done();

    return once(this.dataSource, request.caller, async (tx) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      const after: ParkRow = { ...before, ...changes };
      const changed = (Object.keys(changes) as (keyof ParkRow)[]).filter(
        (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      );
      if (changed.length === 0) return parkJson(before);
      if (changed.includes('planned_area_km2')) {
        if (after.parent_id !== null) {
          const parent = (await this.parks.find(tx, after.parent_id, true)) as ParkRow;
          const siblings = (await this.parks.children(tx, parent.id)).map((s) => (s.id === after.id ? after : s));
          assertChildrenFit(areaNode(parent), siblings.map(areaNode));
        }
        assertChildrenFit(areaNode(after), (await this.parks.children(tx, after.id)).map(areaNode));
      }
      after.version = String(BigInt(before.version) + 1n);
      await this.parks.update(tx, after);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.park.updated.v1',
          aggregateId: after.id,
          aggregateVersion: BigInt(after.version),
          payload: { park: parkMessage(after), changedFields: changed },
        },
      ]);
      return parkJson(after);
    });
  }

  async move(request: MoveParkRequestJson): Promise<ParkJson> {
    const caller = callerFrom(request.caller);
    assertParkWriter(caller, 'the park registry');
    const newParentId = request.newParentId ?? '';
    if (newParentId === '' && caller.role !== 'admin') {
      throw new ParkError(ParkErrorCode.Invalid, ErrorKind.Invalid, 'only an admin makes a park a root', [
        { field: 'newParentId', rule: 'required', message: 'newParentId is required' },
      ]);
    }
    return once(this.dataSource, request.caller, async (tx) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      if ((before.parent_id ?? '') === newParentId) return parkJson(before);
      const after: ParkRow = {
        ...before,
        parent_id: newParentId === '' ? null : newParentId,
        version: String(BigInt(before.version) + 1n),
      };
      if (after.parent_id !== null) {
        const parent = await this.referenced(tx, caller, after.parent_id, 'newParentId');
        const ancestry = await this.parks.ancestry(tx, parent.id);
        assertNoCycle(after.id, parent.id, (id) => ancestry.get(id) ?? null);
        assertChildrenFit(areaNode(parent), [...(await this.parks.children(tx, parent.id)), after].map(areaNode));
      }
      await this.parks.update(tx, after);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.park.moved.v1',
          aggregateId: after.id,
          aggregateVersion: BigInt(after.version),
          payload: { park: parkMessage(after), fromParentId: before.parent_id ?? '' },
        },
      ]);
      return parkJson(after);
    });
  }

  async remove(callerJson: RegisterParkRequestJson['caller'], id: string): Promise<void> {
    const caller = callerFrom(callerJson);
    assertParkWriter(caller, 'the park registry');
    await once(this.dataSource, callerJson, async (tx) => {
      const park = await this.visible(tx, caller, id, true);
      assertRemovable({ id: park.id, name: park.name_en }, (await this.parks.children(tx, park.id)).length);
      const settlements = await this.parks.settlementCount(tx, park.id);
      if (settlements > 0) {
        throw new ParkError(
          ParkErrorCode.HasSettlements,
          ErrorKind.Conflict,
          `${park.name_en} has ${settlements} settlement record(s); a park with history is kept`,
        );
      }
      await this.parks.delete(tx, park.id);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.park.removed.v1',
          aggregateId: park.id,
          aggregateVersion: BigInt(park.version) + 1n,
          payload: { parkId: park.id },
        },
      ]);
    });
  }

  /**
   * A park named in a request body (a parent, a settlement's park): it must exist and be visible,
   * or the request is invalid (422) naming the field. It is locked for the rules that depend on it.
   */
  async referenced(tx: EntityManager, caller: Caller, id: string, field: string): Promise<ParkRow> {
    try {
      return await this.visible(tx, caller, id, true);
    } catch (error) {
      if (error instanceof ParkError && error.code === ParkErrorCode.NotFound) {
        throw new ParkError(ParkErrorCode.Unknown, ErrorKind.Invalid, `no park ${id}`, [
          { field, rule: 'exists', message: `no park ${id}` },
        ]);
      }
      throw error;
    }
  }
}
