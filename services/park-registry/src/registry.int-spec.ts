import { decodeEvent } from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { admin, refusal, registryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

describe('park registry against Postgres', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await registryUnderTest('park_registry');
  });

  afterAll(() => registry?.stop());

  /** The events appended for one aggregate, in order. */
  async function eventsOf(aggregateId: string): Promise<{ type: string; version: string; payload: unknown }[]> {
    const rows: { event_type: string; aggregate_version: string; payload: Buffer }[] = await registry.dataSource.query(
      'SELECT event_type, aggregate_version::text, payload FROM registry.outbox WHERE aggregate_id = $1 ORDER BY position',
      [aggregateId],
    );
    return rows.map((row) => ({
      type: row.event_type,
      version: row.aggregate_version,
      payload: decodeEvent(row.event_type, row.payload).payload,
    }));
  }

  it('writes a park and its event in one transaction, and every change after it', async () => {
    const city = await registry.parks.register(admin, {
      kind: 'park',
      nameZh: '济南生命科学城',
      nameEn: 'Jinan Life Science City',
      plannedAreaKm2: '53.8',
    });
    const zone = await registry.parks.register(admin, {
      parentId: city.id,
      kind: 'zone-or-area',
      nameZh: '产业集聚区',
      nameEn: 'industrial cluster area',
      plannedAreaKm2: '21.6',
    });
    await registry.parks.update(admin, { id: zone.id ?? '', nameEn: 'industrial cluster' });
    const other = await registry.parks.register(admin, {
      kind: 'park',
      nameZh: '菏泽现代医药港',
      nameEn: 'Heze Modern Medical Port',
    });
    await registry.parks.move(admin, { id: zone.id ?? '', newParentId: other.id ?? '' });
    await registry.parks.remove(admin, zone.id ?? '');

    const events = await eventsOf(zone.id ?? '');
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['parkledger.park.registered.v1', '1'],
      ['parkledger.park.updated.v1', '2'],
      ['parkledger.park.moved.v1', '3'],
      ['parkledger.park.removed.v1', '4'],
    ]);
    expect(events[1]?.payload).toMatchObject({
      changedFields: ['name_en'],
      park: { nameEn: 'industrial cluster', nameZh: '产业集聚区' },
    });
    expect(events[2]?.payload).toMatchObject({ fromParentId: city.id, park: { parentId: other.id } });
    expect(
      await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.parks WHERE id = $1', [zone.id]),
    ).toEqual([{ n: 0 }]);
  });

  it('leaves nothing behind when a rule refuses the change', async () => {
    const city = await registry.parks.register(admin, {
      kind: 'park',
      nameZh: '城',
      nameEn: 'City',
      plannedAreaKm2: '10',
    });
    await registry.parks.register(admin, {
      parentId: city.id,
      kind: 'zone-or-area',
      nameZh: '甲',
      nameEn: 'A',
      plannedAreaKm2: '6',
    });
    const before: unknown = await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.outbox');
    expect(
      await refusal(
        registry.parks.register(admin, {
          parentId: city.id,
          kind: 'zone-or-area',
          nameZh: '乙',
          nameEn: 'B',
          plannedAreaKm2: '4.0001',
        }),
      ),
    ).toMatchObject({
      code: 'park-area-exceeds-parent',
      status: 422,
    });
    expect(await refusal(registry.parks.remove(admin, city.id ?? ''))).toMatchObject({
      code: 'park-referenced',
      status: 409,
    });
    expect(await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.outbox')).toEqual(before);
    expect(
      await registry.dataSource.query("SELECT count(*)::int AS n FROM registry.parks WHERE name_en = 'B'"),
    ).toEqual([{ n: 0 }]);
  });

  it('shows a park manager only its subtrees, and a foreign park exactly as a missing one', async () => {
    const heze = await registry.parks.register(admin, { kind: 'park', nameZh: '菏泽', nameEn: 'Heze' });
    const hezePark = await registry.parks.register(admin, {
      parentId: heze.id,
      kind: 'park',
      nameZh: '菏泽一园',
      nameEn: 'Heze park 1',
    });
    const jinan = await registry.parks.register(admin, {
      kind: 'high-tech-zone',
      nameZh: '济南高新区',
      nameEn: 'Jinan High-tech Zone',
    });
    const hezeManager: Caller = {
      subject: 'pm-heze',
      role: 'park-manager',
      parkScope: [heze.id ?? ''],
      fundScope: [],
      policyScope: [],
    };

    expect((await registry.parks.get(hezeManager, hezePark.id ?? '')).nameEn).toBe('Heze park 1');
    const foreign = await refusal(registry.parks.get(hezeManager, jinan.id ?? ''));
    const missing = await refusal(registry.parks.get(hezeManager, '01a20000-0000-7000-8000-000000000000'));
    expect(foreign).toEqual({ ...missing, message: foreign.message });
    expect(foreign).toMatchObject({ code: 'park-not-found', status: 404 });
    const update = registry.parks.update(hezeManager, { id: jinan.id ?? '', nameEn: 'mine now' });
    expect(await refusal(update)).toMatchObject({ status: 404 });
    const listed = await registry.parks.list(hezeManager, { page: { limit: 200 } });
    expect(listed.parks?.map((p) => p.nameEn).sort()).toEqual(['Heze', 'Heze park 1']);
  });

  it('registers enterprises once per USCC and settles them once at a time per park', async () => {
    const park = await registry.parks.register(admin, {
      kind: 'park',
      nameZh: '济南药谷',
      nameEn: 'Jinan Medical Valley',
    });
    const qilu = await registry.enterprises.register(admin, {
      name: '齐鲁制药有限公司',
      uscc: '914403001922038216',
      foundedOn: '1958-01-01',
      registeredCapital: { minorUnits: '5000000000', currency: 'CNY' },
      industryFields: ['chemical-medicine'],
    });
    expect(qilu).toMatchObject({
      name: '齐鲁制药有限公司',
      registeredCapital: { minorUnits: '5000000000', currency: 'CNY' },
    });
    expect(
      await refusal(registry.enterprises.register(admin, { name: 'again', uscc: '914403001922038216' })),
    ).toMatchObject({
      code: 'enterprise-uscc-taken',
      status: 409,
    });
    expect(
      await refusal(registry.enterprises.register(admin, { name: 'bad', uscc: '914403001922038217' })),
    ).toMatchObject({
      code: 'enterprise-invalid',
      status: 422,
      message: 'the check character of "914403001922038217" should be "6", not "7"',
    });

    const stay = await registry.settlements.settle(admin, {
      enterpriseId: qilu.id,
      parkId: park.id,
      settledOn: '2019-12-11',
    });
    expect(
      await refusal(
        registry.settlements.settle(admin, { enterpriseId: qilu.id, parkId: park.id, settledOn: '2020-01-01' }),
      ),
    ).toMatchObject({
      code: 'settlement-already-settled',
      status: 409,
    });
    await registry.settlements.leave(admin, { settlementId: stay.id, leftOn: '2021-06-30' });
    await registry.settlements.settle(admin, { enterpriseId: qilu.id, parkId: park.id, settledOn: '2022-01-01' });

    expect((await eventsOf(qilu.id ?? '')).map((e) => e.type)).toEqual(['parkledger.enterprise.registered.v1']);
    expect((await eventsOf(stay.id ?? '')).map((e) => [e.type, e.version])).toEqual([
      ['parkledger.settlement.settled.v1', '1'],
      ['parkledger.settlement.left.v1', '2'],
    ]);
    const current = await registry.settlements.list(admin, { parkId: park.id, currentOnly: true });
    expect(current.settlements?.map((s) => s.settledOn)).toEqual(['2022-01-01']);
  });

  it('stores whether returnees founded an enterprise, changes it only when asked, and filters by it', async () => {
    const returnee = await registry.enterprises.register(admin, {
      name: 'Huangpu returnee biotech (placeholder)',
      uscc: '9144011232AANYUY0R',
      returneeFounded: true,
    });
    const local = await registry.enterprises.register(admin, {
      name: 'Huangpu local biotech (placeholder)',
      uscc: '91440112G8LH1HM1J1',
    });
    expect([returnee.returneeFounded, local.returneeFounded]).toEqual([true, false]);
    expect(
      await registry.enterprises.update(admin, { id: local.id ?? '', name: 'Huangpu local biotech' }),
    ).toMatchObject({ returneeFounded: false, version: '2' });
    expect(await registry.enterprises.update(admin, { id: local.id ?? '', returneeFounded: true })).toMatchObject({
      returneeFounded: true,
      version: '3',
    });
    expect(await registry.enterprises.update(admin, { id: local.id ?? '', returneeFounded: false })).toMatchObject({
      returneeFounded: false,
      version: '4',
    });
    expect((await registry.enterprises.get(admin, returnee.id ?? '')).returneeFounded).toBe(true);

    const listed = async (returneeFounded?: boolean) =>
      (
        await registry.enterprises.list(admin, {
          nameContains: 'Huangpu',
          ...(returneeFounded === undefined ? {} : { returneeFounded }),
        })
      ).enterprises?.map((e) => e.id);
    expect(await listed(true)).toEqual([returnee.id]);
    expect(await listed(false)).toEqual([local.id]);
    expect(await listed()).toEqual([returnee.id, local.id]);

    const events = (await eventsOf(local.id ?? '')).map(({ type, version, payload }) => {
      const { enterprise, changedFields } = payload as {
        enterprise?: { returneeFounded: boolean };
        changedFields?: string[];
      };
      return [type, version, changedFields ?? [], enterprise?.returneeFounded];
    });
    expect(events).toEqual([
      ['parkledger.enterprise.registered.v1', '1', [], false],
      ['parkledger.enterprise.updated.v1', '2', ['name'], false],
      ['parkledger.enterprise.updated.v1', '3', ['returnee_founded'], true],
      ['parkledger.enterprise.updated.v1', '4', ['returnee_founded'], false],
    ]);
  });
});
