import { decodeEvent, MILESTONE_KINDS } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { GOOD_FACTS } from './testing/milestone-facts';
import { admin, refusal, registryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

const policyOfficer: Caller = {
  subject: 'po-1',
  role: 'policy-officer',
  parkScope: [],
  fundScope: [],
  policyScope: [],
};
const drug = JSON.stringify(GOOD_FACTS['new-drug-approval']);

/** The enterprise's file (一企一档): milestones, their event on the enterprise, who records and reads them. */
describe("an enterprise's milestones against Postgres", () => {
  let registry: RegistryUnderTest;

  beforeAll(async () => {
    registry = await registryUnderTest('park_registry_milestones');
  });

  afterAll(() => registry?.stop());

  /** The milestone events appended for an enterprise, in order, decoded. */
  async function milestoneEvents(enterpriseId: string) {
    const rows: { event_type: string; aggregate_version: string; payload: Buffer }[] = await registry.dataSource.query(
      `SELECT event_type, aggregate_version::text, payload FROM registry.outbox
        WHERE aggregate_id = $1 AND event_type = 'parkledger.enterprise.milestone-recorded.v1' ORDER BY position`,
      [enterpriseId],
    );
    return rows.map((row) => {
      const event = decodeEvent(row.event_type, row.payload);
      if (event.type !== 'parkledger.enterprise.milestone-recorded.v1') throw new Error(`unexpected ${event.type}`);
      return { version: row.aggregate_version, payload: event.payload };
    });
  }

  /** The refused fields as `field: rule`. */
  async function refusedFields(promise: Promise<unknown>): Promise<string[]> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`);
      throw error;
    }
    throw new Error('expected a refusal');
  }

  async function outboxCount(): Promise<number> {
    const rows: { n: number }[] = await registry.dataSource.query('SELECT count(*)::int AS n FROM registry.outbox');
    return rows[0]?.n ?? -1;
  }

  async function world() {
    const root = await registry.parks.register(admin, { kind: 'park', nameZh: '济南', nameEn: 'Jinan' });
    const child = await registry.parks.register(admin, {
      parentId: root.id,
      kind: 'zone-or-area',
      nameZh: '药谷',
      nameEn: 'Medical Valley',
    });
    const other = await registry.parks.register(admin, { kind: 'park', nameZh: '菏泽', nameEn: 'Heze' });
    return { root: root.id ?? '', child: child.id ?? '', other: other.id ?? '' };
  }

  it('records a milestone, bumps the enterprise version and appends its event with the parks it was settled in', async () => {
    const parks = await world();
    const settled = await registry.enterprises.register(admin, { name: 'Xuanzhu Pharma', uscc: '914403001922038216' });
    const gone = await registry.enterprises.register(admin, { name: 'Gone Pharma', uscc: '91370100MA3C8UYB5L' });
    // settled in the child park (so in the root's subtree) and, later, in the root too: each park once
    await registry.settlements.settle(admin, {
      enterpriseId: settled.id,
      parkId: parks.child,
      settledOn: '2020-01-01',
    });
    await registry.settlements.settle(admin, { enterpriseId: settled.id, parkId: parks.root, settledOn: '2021-01-01' });
    // one that left Heze on the day of its milestone: settled nowhere on it
    const stay = await registry.settlements.settle(admin, {
      enterpriseId: gone.id,
      parkId: parks.other,
      settledOn: '2019-01-01',
    });
    await registry.settlements.leave(admin, { settlementId: stay.id, leftOn: '2023-05-10' });

    const milestone = await registry.milestones.record(admin, {
      enterpriseId: settled.id,
      kind: 'new-drug-approval',
      achievedOn: '2023-05-10',
      factsJson: JSON.stringify({ drugClass: 1, product: 'XZP-3287 tablets' }),
    });
    expect(milestone).toMatchObject({
      enterpriseId: settled.id,
      kind: 'new-drug-approval',
      achievedOn: '2023-05-10',
      factsJson: '{"product":"XZP-3287 tablets","drugClass":1}',
    });
    expect(milestone.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const rows: unknown[] = await registry.dataSource.query(
      `SELECT enterprise_id::text, kind, achieved_on::text, facts, recorded_by, request_key
         FROM registry.enterprise_milestones WHERE id = $1`,
      [milestone.id],
    );
    expect(rows).toEqual([
      {
        enterprise_id: settled.id,
        kind: 'new-drug-approval',
        achieved_on: '2023-05-10',
        facts: { product: 'XZP-3287 tablets', drugClass: 1 },
        recorded_by: 'admin-1',
        request_key: null,
      },
    ]);
    expect((await registry.enterprises.get(admin, settled.id ?? '')).version).toBe('2');
    const [event, ...more] = await milestoneEvents(settled.id ?? '');
    expect(more).toEqual([]);
    expect(event?.version).toBe('2');
    expect(event?.payload).toMatchObject({
      enterpriseVersion: 2n,
      milestone: { ...milestone },
      settledIn: [parks.child, parks.root].sort(),
    });

    // the enterprise's next change follows the milestone's version
    await registry.enterprises.update(admin, { id: settled.id ?? '', name: 'Xuanzhu Pharma Ltd' });
    expect((await registry.enterprises.get(admin, settled.id ?? '')).version).toBe('3');

    // the day before it left, it was still settled in Heze; on the day it left, nowhere
    await registry.milestones.record(admin, {
      enterpriseId: gone.id,
      kind: 'cnas-accreditation',
      achievedOn: '2023-05-09',
      factsJson: '{}',
    });
    await registry.milestones.record(admin, {
      enterpriseId: gone.id,
      kind: 'gcp-discipline',
      achievedOn: '2023-05-10',
      factsJson: '{"discipline":"oncology"}',
    });
    expect((await milestoneEvents(gone.id ?? '')).map((e) => [e.version, e.payload.settledIn])).toEqual([
      ['2', [parks.other]],
      ['3', []],
    ]);
  });

  it('answers a retried request with the same milestone and writes one row and one event', async () => {
    const enterprise = await registry.enterprises.register(admin, { name: 'Retry Pharma', uscc: '9144011232AANYUY0R' });
    let replays = 0;
    const retrying: Caller = {
      ...policyOfficer,
      request: { key: 'milestone-key-1', fingerprint: 'fp-1', replayed: () => (replays += 1) },
    };
    const request = {
      enterpriseId: enterprise.id,
      kind: 'new-drug-approval',
      achievedOn: '2024-01-31',
      factsJson: drug,
    };
    const first = await registry.milestones.record(retrying, request);
    const again = await registry.milestones.record(retrying, request);
    expect(again).toEqual(first);
    expect(replays).toBe(1);
    expect(await milestoneEvents(enterprise.id ?? '')).toHaveLength(1);
    expect(
      await registry.dataSource.query(
        'SELECT count(*)::int AS n, min(request_key) AS key FROM registry.enterprise_milestones WHERE enterprise_id = $1',
        [enterprise.id],
      ),
    ).toEqual([{ n: 1, key: 'milestone-key-1' }]);
    expect((await registry.enterprises.get(admin, enterprise.id ?? '')).version).toBe('2');
    // the same key for another request (the gateway's fingerprint of its body differs) is refused
    const another: Caller = { ...policyOfficer, request: { key: 'milestone-key-1', fingerprint: 'fp-2' } };
    const other = registry.milestones.record(another, { ...request, achievedOn: '2024-02-01' });
    expect(await refusal(other)).toMatchObject({ code: 'idempotency-key-reused', status: 422 });
  });

  it('lets admins and policy officers record, and no other role', async () => {
    const parks = await world();
    const enterprise = await registry.enterprises.register(admin, { name: 'Roles Pharma', uscc: '91440112G8LH1HM1J1' });
    await registry.settlements.settle(admin, {
      enterpriseId: enterprise.id,
      parkId: parks.root,
      settledOn: '2020-01-01',
    });
    const request = {
      enterpriseId: enterprise.id,
      kind: 'new-drug-approval',
      achievedOn: '2024-01-31',
      factsJson: drug,
    };
    expect(await registry.milestones.record(policyOfficer, request)).toMatchObject({ kind: 'new-drug-approval' });

    const before = await outboxCount();
    const inScope: Caller = {
      subject: 'pm-1',
      role: 'park-manager',
      parkScope: [parks.root],
      fundScope: [],
      policyScope: [],
    };
    const others: Caller[] = [
      inScope,
      { subject: 'fm-1', role: 'fund-manager', parkScope: [], fundScope: [], policyScope: [] },
      { subject: 'au-1', role: 'auditor', parkScope: [], fundScope: [], policyScope: [] },
    ];
    for (const caller of others) {
      expect(await refusal(registry.milestones.record(caller, request))).toEqual({
        code: 'forbidden',
        status: 403,
        message: `${caller.role === 'auditor' ? 'an' : 'a'} ${caller.role} cannot record an enterprise's milestones`,
      });
    }
    expect(await outboxCount()).toBe(before);
    // but they read the file: the park manager of a park it is settled in, and the others
    for (const caller of others) {
      expect((await registry.milestones.list(caller, { enterpriseId: enterprise.id })).milestones).toHaveLength(1);
    }
  });

  it('shows a park manager the file only of an enterprise settled now in its subtrees, any other as missing', async () => {
    const parks = await world();
    const enterprise = await registry.enterprises.register(admin, { name: 'Scope Pharma', uscc: '914401125XQ7LJN1AM' });
    const stay = await registry.settlements.settle(admin, {
      enterpriseId: enterprise.id,
      parkId: parks.child,
      settledOn: '2020-01-01',
    });
    await registry.milestones.record(admin, {
      enterpriseId: enterprise.id,
      kind: 'glp-items',
      achievedOn: '2022-06-01',
      factsJson: '{"glpItems":3}',
    });
    const manager = (root: string): Caller => ({
      subject: 'pm',
      role: 'park-manager',
      parkScope: [root],
      fundScope: [],
      policyScope: [],
    });

    expect(
      (await registry.milestones.list(manager(parks.root), { enterpriseId: enterprise.id })).milestones,
    ).toHaveLength(1);
    const foreign = await refusal(registry.milestones.list(manager(parks.other), { enterpriseId: enterprise.id }));
    const missingId = '01a20000-0000-7000-8000-000000000000';
    const missing = await refusal(registry.milestones.list(manager(parks.other), { enterpriseId: missingId }));
    expect(foreign).toEqual({ ...missing, message: `no enterprise ${enterprise.id}` });
    expect(foreign).toMatchObject({ code: 'enterprise-not-found', status: 404 });
    // once it has left, its file is no longer the park manager's to read
    await registry.settlements.leave(admin, { settlementId: stay.id, leftOn: '2024-01-01' });
    expect(await refusal(registry.milestones.list(manager(parks.root), { enterpriseId: enterprise.id }))).toMatchObject(
      {
        code: 'enterprise-not-found',
        status: 404,
      },
    );
  });

  it('refuses a bad kind, facts or date by field, an unknown enterprise as missing, and writes nothing', async () => {
    const enterprise = await registry.enterprises.register(admin, {
      name: 'Checks Pharma',
      uscc: '91110000100010433L',
    });
    const good = { enterpriseId: enterprise.id, kind: 'new-drug-approval', achievedOn: '2024-01-31', factsJson: drug };
    const before = await outboxCount();

    expect(await refusedFields(registry.milestones.record(admin, { ...good, kind: 'nobel-prize' }))).toEqual([
      'kind: one-of',
    ]);
    const unknownFact = registry.milestones.record(admin, {
      ...good,
      factsJson: JSON.stringify({ ...GOOD_FACTS['new-drug-approval'], foo: 1 }),
    });
    expect(await refusal(unknownFact)).toMatchObject({
      code: 'milestone-invalid',
      status: 422,
      message: 'facts.foo: not a fact of new-drug-approval (its facts: product, drugClass)',
    });
    const broken = registry.milestones.record(admin, {
      ...good,
      factsJson: '{"product":"  ","drugClass":0}',
      achievedOn: '2023-02-29',
    });
    expect(await refusedFields(broken)).toEqual([
      'achievedOn: date',
      'facts.product: text',
      'facts.drugClass: integer',
    ]);
    const dayAfterTomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await refusedFields(registry.milestones.record(admin, { ...good, achievedOn: dayAfterTomorrow }))).toEqual([
      'achievedOn: not-future',
    ]);
    expect(await refusedFields(registry.milestones.record(admin, { ...good, factsJson: '[1]' }))).toEqual([
      'facts: json-object',
    ]);
    const missingId = '01a20000-0000-7000-8000-000000000000';
    for (const enterpriseId of [missingId, 'not-a-uuid']) {
      expect(await refusal(registry.milestones.record(admin, { ...good, enterpriseId }))).toMatchObject({
        code: 'enterprise-not-found',
        status: 404,
      });
    }
    expect(await outboxCount()).toBe(before);
    expect((await registry.enterprises.get(admin, enterprise.id ?? '')).version).toBe('1');
  });

  it('lists the file by the day each was achieved, a page at a time, of one kind when asked', async () => {
    const enterprise = await registry.enterprises.register(admin, { name: 'File Pharma', uscc: '91310000132200821H' });
    // every kind, recorded newest first, so the file's order is not the order of recording
    const days = MILESTONE_KINDS.map((_, i) => `2020-0${9 - i}-15`);
    for (const [i, kind] of MILESTONE_KINDS.entries()) {
      await registry.milestones.record(admin, {
        enterpriseId: enterprise.id,
        kind,
        achievedOn: days[i],
        factsJson: JSON.stringify(GOOD_FACTS[kind]),
      });
    }
    // two on one day: by id, the order they were recorded in
    const sameDay = await registry.milestones.record(admin, {
      enterpriseId: enterprise.id,
      kind: 'new-drug-approval',
      achievedOn: '2020-01-15',
      factsJson: JSON.stringify({ product: 'second product', drugClass: 2 }),
    });

    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await registry.milestones.list(admin, { enterpriseId: enterprise.id, page: { cursor, limit: 4 } });
      seen.push(...(page.milestones ?? []).map((m) => `${m.achievedOn} ${m.kind}`));
      cursor = page.nextCursor ?? '';
      pages += 1;
    } while (cursor !== '' && pages < 10);
    expect(pages).toBe(3);
    const expected = MILESTONE_KINDS.map((kind, i) => `${days[i]} ${kind}`).reverse();
    expected.splice(1, 0, `2020-01-15 new-drug-approval`);
    expect(seen).toEqual(expected);

    const drugs = await registry.milestones.list(admin, { enterpriseId: enterprise.id, kind: 'new-drug-approval' });
    expect(drugs.milestones?.map((m) => [m.achievedOn, m.factsJson])).toEqual([
      ['2020-01-15', '{"product":"second product","drugClass":2}'],
      ['2020-09-15', JSON.stringify(GOOD_FACTS['new-drug-approval'])],
    ]);
    expect(drugs.milestones?.[0]).toEqual(sameDay);
    expect(drugs.nextCursor).toBe('');

    expect(await refusedFields(registry.milestones.list(admin, { enterpriseId: enterprise.id, kind: 'x' }))).toEqual([
      'kind: one-of',
    ]);
    const forged = Buffer.from(enterprise.id ?? '').toString('base64url');
    expect(
      await refusedFields(registry.milestones.list(admin, { enterpriseId: enterprise.id, page: { cursor: forged } })),
    ).toEqual(['cursor: cursor']);
    expect(
      await refusedFields(registry.milestones.list(admin, { enterpriseId: enterprise.id, page: { limit: 201 } })),
    ).toEqual(['limit: range']);
  });

  it('keeps the CHECK on kinds in step with MILESTONE_KINDS', async () => {
    const enterprise = await registry.enterprises.register(admin, { name: 'Check Pharma', uscc: '91440300708461136T' });
    const insert = (kind: string) =>
      registry.dataSource.query(
        `INSERT INTO registry.enterprise_milestones (id, enterprise_id, kind, achieved_on, facts, recorded_by)
         VALUES (gen_random_uuid(), $1, $2, '2020-01-01', '{}', 'spec')`,
        [enterprise.id, kind],
      );
    for (const kind of MILESTONE_KINDS) await insert(kind);
    await expect(insert('nobel-prize')).rejects.toMatchObject({ code: '23514' });
  });
});
