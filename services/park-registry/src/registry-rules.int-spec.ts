import { DomainError } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { admin, refusal, registryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

/** The registry's rules that depend on who asks and on what happens at the same time (issue 9, section 3). */
describe('park registry rules against Postgres', () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await registryUnderTest('park_registry_rules');
  });

  afterAll(() => registry?.stop());

  const root = (nameEn: string, plannedAreaKm2?: string) =>
    registry.parks.register(admin, {
      kind: 'park',
      nameZh: nameEn,
      nameEn,
      ...(plannedAreaKm2 ? { plannedAreaKm2 } : {}),
    });

  it('lets a park manager change only enterprises settled now in its subtrees, and register new ones', async () => {
    const heze = await root('Heze');
    const jinan = await root('Jinan');
    const manager: Caller = {
      subject: 'pm-heze',
      role: 'park-manager',
      parkScope: [heze.id ?? ''],
      fundScope: [],
      policyScope: [],
    };
    const mine = await registry.enterprises.register(manager, { name: 'Heze Pharma', uscc: '914403001922038216' });
    const foreign = await registry.enterprises.register(admin, { name: 'Jinan Pharma', uscc: '91370100MA3C8UYB5L' });
    const stay = await registry.settlements.settle(admin, {
      enterpriseId: mine.id,
      parkId: heze.id,
      settledOn: '2020-01-01',
    });
    await registry.settlements.settle(admin, { enterpriseId: foreign.id, parkId: jinan.id, settledOn: '2020-01-01' });

    expect(await registry.enterprises.update(manager, { id: mine.id ?? '', name: 'Heze Pharma Ltd' })).toMatchObject({
      name: 'Heze Pharma Ltd',
    });
    const refused = await refusal(
      registry.enterprises.update(manager, {
        id: foreign.id ?? '',
        registeredCapital: { minorUnits: '100', currency: 'CNY' },
      }),
    );
    expect(refused).toMatchObject({ code: 'enterprise-outside-scope', status: 403 });
    expect(refused.message).not.toContain('Jinan');
    expect(refused.message).not.toContain(jinan.id);

    // an enterprise that left the manager's park is no longer its to change
    await registry.settlements.leave(admin, { settlementId: stay.id, leftOn: '2021-01-01' });
    expect(await refusal(registry.enterprises.update(manager, { id: mine.id ?? '', name: 'mine?' }))).toMatchObject({
      code: 'enterprise-outside-scope',
      status: 403,
    });
    // a new enterprise, settled nowhere yet, is still the manager's to register; admins change any
    expect(await registry.enterprises.update(admin, { id: foreign.id ?? '', name: 'Jinan Pharma Ltd' })).toMatchObject({
      name: 'Jinan Pharma Ltd',
    });
  });

  it('refuses an area that does not fit without naming parks the caller cannot see', async () => {
    const parent = await root('Secret Parent City', '10');
    const child = await registry.parks.register(admin, {
      parentId: parent.id,
      kind: 'zone-or-area',
      nameZh: '甲',
      nameEn: 'Visible Zone',
      plannedAreaKm2: '4',
    });
    await registry.parks.register(admin, {
      parentId: parent.id,
      kind: 'zone-or-area',
      nameZh: '乙',
      nameEn: 'Hidden Sibling',
      plannedAreaKm2: '6',
    });
    const manager: Caller = {
      subject: 'pm-zone',
      role: 'park-manager',
      parkScope: [child.id ?? ''],
      fundScope: [],
      policyScope: [],
    };

    const refused = await refusal(registry.parks.update(manager, { id: child.id ?? '', plannedAreaKm2: '6.5' }));
    expect(refused).toMatchObject({ code: 'park-area-exceeds-parent', status: 422 });
    expect(refused.message).not.toMatch(/Hidden Sibling|Secret Parent City/);
    expect(refused.message).toBe('the children of the parent park would plan 12.5 km² in total, more than its 10 km²');

    // an admin sees everything and gets the names
    expect(
      (await refusal(registry.parks.update(admin, { id: child.id ?? '', plannedAreaKm2: '6.5' }))).message,
    ).toContain('Hidden Sibling 6');
  });

  it('serialises concurrent moves: of A under B and B under A, one wins and the other is a cycle refusal', async () => {
    for (let round = 0; round < 20; round += 1) {
      const a = await root(`A${round}`);
      const b = await root(`B${round}`);
      const outcomes = await Promise.allSettled([
        registry.parks.move(admin, { id: a.id ?? '', newParentId: b.id ?? '' }),
        registry.parks.move(admin, { id: b.id ?? '', newParentId: a.id ?? '' }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect({ round, won: won.length }).toEqual({ round, won: 1 });
      expect(lost[0]).toBeInstanceOf(DomainError);
      expect((lost[0] as DomainError<string>).code).toBe('park-cycle');
      expect((lost[0] as DomainError<string>).toProblem().status).toBe(422);
      const rows: { id: string; parent_id: string | null }[] = await registry.dataSource.query(
        'SELECT id, parent_id FROM registry.parks WHERE id = ANY($1::uuid[])',
        [[a.id, b.id]],
      );
      expect(rows.filter((row) => row.parent_id === null)).toHaveLength(1);
    }
  }, 60_000);

  it('keeps a park that a former child referred to: deleting it is refused, with the way to retire it', async () => {
    const city = await root('Old City');
    const zone = await registry.parks.register(admin, {
      parentId: city.id,
      kind: 'zone-or-area',
      nameZh: '区',
      nameEn: 'Zone',
    });
    const elsewhere = await root('Elsewhere');
    await registry.parks.move(admin, { id: zone.id ?? '', newParentId: elsewhere.id ?? '' });

    const refused = await refusal(registry.parks.remove(admin, city.id ?? ''));
    expect(refused).toMatchObject({ code: 'park-referenced', status: 409 });
    expect(refused.message).toContain('retire');
    expect(
      await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.parks WHERE id = $1', [city.id]),
    ).toEqual([{ n: 1 }]);
  });
});
