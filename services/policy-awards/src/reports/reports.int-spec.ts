import { type AwardFiguresJson, type AwardJson } from '@parkledger/contracts';
import { uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { consumedEvent, outcomeOf } from '@parkledger/testing';
import { applyEligibilityEvent } from '../read-model/eligibility-read-model';
import { jinanDocument } from '../testing/jinan-2019';
import { awardsUnderTest, officer, type AwardsUnderTest } from '../testing/awards-under-test';

const POLICY = 'jinan-2019-biomedical';
const cny = (yuan: string) => ({ minorUnits: (BigInt(yuan.replaceAll(',', '')) * 100n).toString(), currency: 'CNY' });
const caller = (role: Caller['role'], scope: Partial<Caller> = {}): Caller => ({
  subject: role,
  role,
  parkScope: [],
  fundScope: [],
  policyScope: [],
  ...scope,
});
/** The figures as counts and amounts in yuan, for a spec to read. */
const read = (figures: AwardFiguresJson | undefined) => {
  const yuan = (money: { minorUnits?: string } | undefined) => {
    const minor = BigInt(money?.minorUnits ?? '0');
    return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
  };
  return {
    counts: [
      figures?.cases,
      figures?.submitted,
      figures?.granted,
      figures?.paid,
      figures?.rejected,
      figures?.revoked,
      figures?.recaptured,
    ]
      .map((n) => n ?? '0')
      .join(' '),
    granted: yuan(figures?.grantedAmount),
    paid: yuan(figures?.paidAmount),
    recaptured: yuan(figures?.recapturedAmount),
    revoked: yuan(figures?.revokedAmount),
    net: yuan(figures?.netAmount),
  };
};

describe('the awards reports against Postgres: awards, caps, budget', () => {
  let awards: AwardsUnderTest;
  const jinan = uuidv7();
  const highTechZone = uuidv7();
  const heze = uuidv7();
  const qilu = uuidv7();
  const acv = uuidv7();
  const hezeFirm = uuidv7();
  const admin = caller('admin');
  const hezeManager = caller('park-manager', { parkScope: [heze] });
  const zoneManager = caller('park-manager', { parkScope: [highTechZone] });

  const apply = async (enterpriseId: string, item: string, facts: object, awardOn = '2021-06-01') =>
    (
      (await awards.applications.submit(officer, {
        policy: POLICY,
        item,
        enterpriseId,
        awardOn,
        factsJson: JSON.stringify(facts),
      })) as { award: AwardJson }
    ).award.id ?? '';
  const grant = (id: string) => awards.applications.review(officer, { id, decision: 'grant' });
  const pay = (id: string) => awards.lifecycle.pay(officer, { id, paidOn: '2021-07-01' });
  const recapture = (id: string, yuan: string) =>
    awards.lifecycle.recapture(officer, { id, amount: cny(yuan), recapturedOn: '2021-09-01', reason: 'moved out' });

  beforeAll(async () => {
    awards = await awardsUnderTest('policy_awards_reports');
    const client = await awards.pool(1).connect();
    try {
      const park = (id: string, parentId: string) =>
        consumedEvent('parkledger.park.registered.v1', id, 1, { park: { id, parentId, nameEn: id } });
      const settled = (enterpriseId: string, parkId: string) => {
        const id = uuidv7();
        return consumedEvent('parkledger.settlement.settled.v1', id, 1, {
          settlement: { id, enterpriseId, parkId, settledOn: '2019-01-01' },
        });
      };
      for (const event of [
        park(jinan, ''),
        park(highTechZone, jinan),
        park(heze, ''),
        settled(qilu, highTechZone),
        settled(acv, jinan),
        settled(hezeFirm, heze),
      ]) {
        await applyEligibilityEvent(event, client);
      }
    } finally {
      client.release();
    }
    await awards.policies.publish(officer, { documentJson: JSON.stringify({ ...jinanDocument(), parks: [jinan] }) });

    // 2021: a generic granted, paid and 1,000,000.00 of it recaptured; two trials granted, one revoked
    const generic = await apply(qilu, '3', { product: 'Entecavir', firstThreeInChina: false });
    await grant(generic);
    await pay(generic);
    await recapture(generic, '1,000,000');
    const [trial1, trial2] = [
      await apply(qilu, '2a', { project: 'QL-1' }),
      await apply(qilu, '2a', { project: 'QL-2' }),
    ];
    await grant(trial1);
    await grant(trial2);
    await awards.lifecycle.revoke(officer, { id: trial2, reason: 'the trial approval was withdrawn' });
    // an FDA approval granted, paid and 400,000.00 recaptured; a second left submitted
    const fda = await apply(acv, '5d', { product: 'P1', agency: 'FDA' });
    await grant(fda);
    await pay(fda);
    await recapture(fda, '400,000');
    await apply(acv, '5d', { product: 'P2', agency: 'EMA' });
    // a drug the reviewer rejects; a drug of an enterprise settled outside the policy's parks, rejected
    for (const enterpriseId of [acv, hezeFirm]) {
      const drug = await apply(enterpriseId, '1a', { product: 'X-1' });
      await awards.applications.review(officer, { id: drug, decision: 'reject', reason: 'no production licence' });
    }
    // 2022: a CNAS accreditation
    await grant(await apply(qilu, '5c', {}, '2022-03-01'));
  }, 60_000);

  afterAll(async () => {
    await awards?.stop();
  });

  it('counts a year’s awards by status and sums their money exactly: in all, by item, by enterprise', async () => {
    const report = await awards.reports.awards(admin, { policy: POLICY, year: '2021' });
    expect([report.year, report.scope, report.totals?.length]).toEqual(['2021', 'all', 1]);
    // cases submitted granted paid rejected revoked recaptured
    expect(read(report.totals?.[0])).toEqual({
      counts: '7 1 3 2 2 1 2',
      granted: '5000000.00',
      paid: '4500000.00',
      recaptured: '1400000.00',
      revoked: '500000.00',
      net: '3600000.00',
    });
    expect(report.byItem?.map((i) => [i.item, read(i.figures).counts, read(i.figures).net])).toEqual([
      ['1a', '2 0 0 0 2 0 0', '0.00'],
      ['2a', '2 0 1 0 0 1 0', '500000.00'],
      ['3', '1 0 1 1 0 0 1', '2500000.00'],
      ['5d', '2 1 1 1 0 0 1', '600000.00'],
    ]);
    const byEnterprise = new Map(report.byEnterprise?.map((e) => [e.enterpriseId, read(e.figures).net]));
    expect([byEnterprise.get(qilu), byEnterprise.get(acv), byEnterprise.get(hezeFirm)]).toEqual([
      '3000000.00',
      '600000.00',
      '0.00',
    ]);
    const every = await awards.reports.awards(admin, { policy: POLICY });
    expect([every.year, read(every.totals?.[0]).counts, read(every.totals?.[0]).net]).toEqual([
      '0',
      '8 1 4 2 2 1 2',
      '3800000.00',
    ]);
  });

  it('counts for a park manager only the awards of enterprises settled in its parks; another officer’s policy is missing, a fund manager’s a 403', async () => {
    const heze = await awards.reports.awards(hezeManager, { policy: POLICY, year: '2021' });
    expect([heze.scope, read(heze.totals?.[0]).counts, heze.byEnterprise?.map((e) => e.enterpriseId)]).toEqual([
      'parks',
      '1 0 0 0 1 0 0',
      [hezeFirm],
    ]);
    const zone = await awards.reports.awards(zoneManager, { policy: POLICY, year: '2021' });
    expect(zone.byEnterprise?.map((e) => e.enterpriseId)).toEqual([qilu]);
    const auditor = await awards.reports.awards(caller('auditor'), { policy: POLICY, year: '2021' });
    expect(read(auditor.totals?.[0]).counts).toBe('7 1 3 2 2 1 2');
    const otherOfficer = caller('policy-officer', { policyScope: ['heze-2022-medical'] });
    expect(await outcomeOf(awards.reports.awards(otherOfficer, { policy: POLICY }))).toBe('policy-not-found');
    expect(await outcomeOf(awards.reports.awards(admin, { policy: 'no-such-policy' }))).toBe('policy-not-found');
    expect(await outcomeOf(awards.reports.awards(caller('fund-manager'), { policy: POLICY }))).toBe('forbidden');
    expect(await outcomeOf(awards.reports.awards(admin, { policy: POLICY, year: '20211' }))).toBe('award-invalid year');
  });

  it('gives an enterprise’s caps: the yearly one less what a revocation freed, the total one less what a recapture freed', async () => {
    const caps = async (who: Caller, enterpriseId: string, year = '2021') =>
      (await awards.reports.caps(who, { policy: POLICY, enterpriseId, year })).caps?.map(
        (c) =>
          `${c.item} ${c.per?.join(',')} ${JSON.stringify(c.key ?? {})} ${c.bound?.minorUnits}/${c.used?.minorUnits}/${c.remaining?.minorUnits}`,
      );
    // 2a: two trials of 500,000.00 granted, one revoked; 5d: 1,000,000.00 less 400,000.00 recaptured
    expect(await caps(admin, qilu)).toEqual([
      '2a enterprise,year {"year":"2021"} 600000000/50000000/550000000',
      '5d enterprise {} 500000000/0/500000000',
    ]);
    expect(await caps(officer, acv)).toEqual([
      '2a enterprise,year {"year":"2021"} 600000000/0/600000000',
      '5d enterprise {} 500000000/60000000/440000000',
    ]);
    expect(await caps(zoneManager, qilu, '2022')).toEqual([
      '2a enterprise,year {"year":"2022"} 600000000/0/600000000',
      '5d enterprise {} 500000000/0/500000000',
    ]);
    const { policyVersion } = await awards.reports.caps(admin, { policy: POLICY, enterpriseId: qilu, year: '2021' });
    expect(policyVersion).toBe('1');
    // an enterprise outside a park manager's parks answers as one the service does not know
    expect(await outcomeOf(awards.reports.caps(hezeManager, { policy: POLICY, enterpriseId: qilu }))).toBe(
      'enterprise-not-found',
    );
    expect(await outcomeOf(awards.reports.caps(admin, { policy: POLICY, enterpriseId: uuidv7() }))).toBe(
      'enterprise-not-found',
    );
    expect(await outcomeOf(awards.reports.caps(admin, { policy: POLICY, enterpriseId: qilu, year: '2018' }))).toBe(
      'policy-not-in-force policy-in-force',
    );
    expect(await outcomeOf(awards.reports.caps(admin, { policy: POLICY, enterpriseId: 'qilu' }))).toBe(
      'award-invalid uuid',
    );
  });

  it('gives each year’s budget, what the awards standing use of it and what is left, equal to the awards report’s net', async () => {
    const { years } = await awards.reports.budget(caller('auditor'), { policy: POLICY });
    const byYear = new Map(
      years?.map((y) => [y.year, [y.policyVersion, y.budget?.minorUnits, y.used?.minorUnits, y.remaining?.minorUnits]]),
    );
    expect(years?.[0]?.year).toBe('2019');
    expect(years?.at(-1)?.year).toBe(String(new Date().getUTCFullYear()));
    expect(byYear.get('2020')).toEqual(['1', '30000000000', '0', '30000000000']);
    expect(byYear.get('2021')).toEqual(['1', '30000000000', '360000000', '29640000000']);
    expect(byYear.get('2022')).toEqual(['1', '30000000000', '20000000', '29980000000']);
    expect(await outcomeOf(awards.reports.budget(officer, { policy: POLICY }))).toBe('ok');
    expect(await outcomeOf(awards.reports.budget(zoneManager, { policy: POLICY }))).toBe('forbidden');
    expect(await outcomeOf(awards.reports.budget(caller('fund-manager'), { policy: POLICY }))).toBe('forbidden');
    const otherOfficer = caller('policy-officer', { policyScope: ['heze-2022-medical'] });
    expect(await outcomeOf(awards.reports.budget(otherOfficer, { policy: POLICY }))).toBe('policy-not-found');
  });

  it('keeps who decided each rejection: a reviewer’s of what the policy gave, the policy’s of what it refused', async () => {
    const { rows } = await awards
      .pool(1)
      .query<{ enterprise_id: string; decided_by: string }>(
        `SELECT enterprise_id, decided_by FROM awards.awards WHERE item = '1a' AND status = 'rejected'`,
      );
    expect(new Map(rows.map((r) => [r.enterprise_id, r.decided_by]))).toEqual(
      new Map([
        [acv, 'reviewer'],
        [hezeFirm, 'policy'],
      ]),
    );
  });
});
