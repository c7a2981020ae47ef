import {
  type Caller,
  FieldCheck,
  assertParkWriter,
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
  type RetireParkRequestJson,
  type UpdateParkRequestJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { DecimalError, ErrorKind, isUuid, uuidv7 } from '@parkledger/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { REGISTRY_OUTBOX } from '../common/tokens';
import { Inject } from '@nestjs/common';
import {
  assertChildrenFit,
  assertNoCycle,
  assertRemovable,
  AREA_SCALE,
  formatArea,
  parseArea,
  type ParkReferrer,
} from './park-hierarchy';
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

  async register(caller: Caller, request: RegisterParkRequestJson): Promise<ParkJson> {
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

    return once(this.dataSource, caller, async (tx) => {
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
        retired_on: null,
      };
      if (park.parent_id !== null) {
        const parent = await this.referenced(tx, caller, park.parent_id, 'parentId', 'child-park');
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

  async get(caller: Caller, id: string): Promise<ParkJson> {
    return parkJson(await this.visible(this.dataSource.manager, caller, id));
  }

  async list(caller: Caller, request: ListParksRequestJson): Promise<ListParksResponseJson> {
    const page = pageRequest(request.page);
    const rows = await this.parks.list(
      this.dataSource.manager,
      {
        ...(request.parentId ? { parentId: request.parentId } : {}),
        ...(request.kind ? { kind: request.kind } : {}),
        ...(request.nameContains ? { nameContains: request.nameContains } : {}),
        ...(request.focusIndustry ? { focusIndustry: request.focusIndustry } : {}),
        ...(seesAllParks(caller) ? {} : { scopeRoots: caller.parkScope }),
        includeRetired: request.includeRetired === true,
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { parks: items.map(parkJson), nextCursor };
  }

  async subtree(caller: Caller, id: string): Promise<GetParkSubtreeResponseJson> {
    await this.visible(this.dataSource.manager, caller, id);
    return { parks: (await this.parks.subtree(this.dataSource.manager, id)).map(parkJson) };
  }

  async update(caller: Caller, request: UpdateParkRequestJson): Promise<ParkJson> {
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

    return once(this.dataSource, caller, async (tx) => {
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
          const seesParent = seesAllParks(caller) || (await this.parks.withinSubtrees(tx, parent.id, caller.parkScope));
          assertChildrenFit(areaNode(parent), siblings.map(areaNode), seesParent);
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

  async move(caller: Caller, request: MoveParkRequestJson): Promise<ParkJson> {
    assertParkWriter(caller, 'the park registry');
    const newParentId = request.newParentId ?? '';
    if (newParentId === '' && caller.role !== 'admin') {
      throw new ParkError(ParkErrorCode.Invalid, ErrorKind.Invalid, 'only an admin makes a park a root', [
        { field: 'newParentId', rule: 'required', message: 'newParentId is required' },
      ]);
    }
    return once(this.dataSource, caller, async (tx) => {
      // before any row lock, so that waiting moves hold nothing another move needs
      await this.parks.lockMoves(tx);
      const before = await this.visible(tx, caller, request.id ?? '', true);
      if ((before.parent_id ?? '') === newParentId) return parkJson(before);
      const after: ParkRow = {
        ...before,
        parent_id: newParentId === '' ? null : newParentId,
        version: String(BigInt(before.version) + 1n),
      };
      if (after.parent_id !== null) {
        const parent = await this.referenced(tx, caller, after.parent_id, 'newParentId', 'child-park');
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

  async remove(caller: Caller, id: string): Promise<void> {
    assertParkWriter(caller, 'the park registry');
    await once(this.dataSource, caller, async (tx) => {
      const park = await this.visible(tx, caller, id, true);
      assertRemovable({ id: park.id, name: park.name_en }, await this.parks.referrers(tx, park.id));
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
   * Retires a park from a date: it stays on record and readable, takes no new child parks or
   * settlements, and the pipeline takes no new projects in it. Its child parks must be retired (or
   * moved) first: a park with a child in use is refused.
   */
  async retire(caller: Caller, request: RetireParkRequestJson): Promise<ParkJson> {
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(ParkErrorCode.Invalid);
    const effectiveDate = check.date('effectiveDate', request.effectiveDate) ?? '';
    check.done();
    return once(this.dataSource, caller, async (tx) => {
      const before = await this.visible(tx, caller, request.id ?? '', true);
      if (before.retired_on !== null) {
        throw new ParkError(
          ParkErrorCode.AlreadyRetired,
          ErrorKind.Conflict,
          `${before.name_en} was already retired on ${before.retired_on}`,
        );
      }
      const inUse = (await this.parks.children(tx, before.id)).filter((child) => child.retired_on === null);
      if (inUse.length > 0) {
        throw new ParkError(
          ParkErrorCode.ChildrenInUse,
          ErrorKind.Conflict,
          `${before.name_en} has ${inUse.length} child park${inUse.length === 1 ? '' : 's'} in use; retire or move them first`,
        );
      }
      const after: ParkRow = { ...before, retired_on: effectiveDate, version: String(BigInt(before.version) + 1n) };
      await this.parks.update(tx, after);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.park.retired.v1',
          aggregateId: after.id,
          aggregateVersion: BigInt(after.version),
          payload: { park: parkMessage(after) },
        },
      ]);
      return parkJson(after);
    });
  }

  /**
   * A park named in a request body (a parent, a settlement's park): it must exist, be visible and
   * be in use, or the request is invalid (422) naming the field. It is locked for the rules that
   * depend on it, and recorded as referenced by `referrer`, so it is never deleted after.
   */
  async referenced(
    tx: EntityManager,
    caller: Caller,
    id: string,
    field: string,
    referrer: ParkReferrer,
  ): Promise<ParkRow> {
    const park = await this.visibleAs(tx, caller, id, field);
    if (park.retired_on !== null) {
      throw new ParkError(
        ParkErrorCode.Retired,
        ErrorKind.Invalid,
        `${park.name_en} is retired since ${park.retired_on}`,
        [{ field, rule: 'in-use', message: `park ${id} is retired since ${park.retired_on}` }],
      );
    }
    await this.parks.markReferenced(tx, park.id, referrer);
    return park;
  }

  private async visibleAs(tx: EntityManager, caller: Caller, id: string, field: string): Promise<ParkRow> {
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
