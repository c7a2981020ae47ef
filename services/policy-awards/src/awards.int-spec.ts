import { type AwardJson, type EvaluationJson } from '@parkledger/contracts';
import { uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { consumedEvent, outcomeOf } from '@parkledger/testing';
import { applyEligibilityEvent } from './read-model/eligibility-read-model';
import { jinanDocument } from './testing/jinan-2019';
import { awardsUnderTest, officer, SPEC_SCHEMA, type AwardsUnderTest } from './testing/awards-under-test';

const cny = (yuan: string) => ({ minorUnits: (BigInt(yuan.replaceAll(',', '')) * 100n).toString(), currency: 'CNY' });

describe('policy awards against Postgres', () => {
  let awards: AwardsUnderTest;
  const jinan = uuidv7();
  const highTechZone = uuidv7();
  const heze = uuidv7();
  const qilu = uuidv7();
  const acv = uuidv7();
  const hezeFirm = uuidv7();

  const apply = (enterpriseId: string, item: string, facts: object, awardOn = '2021-06-01') =>
    awards.applications.submit(officer, {
      policy: 'jinan-2019-biomedical',
      item,
      enterpriseId,
      awardOn,
      factsJson: JSON.stringify(facts),
    }) as Promise<{ award: AwardJson; evaluation: EvaluationJson }>;
  const grant = (id: string) => awards.applications.review(officer, { id, decision: 'grant' });

  beforeAll(async () => {
    awards = await awardsUnderTest('policy_awards');
    const pool = awards.pool(1);
    const park = (id: string, parentId: string, version = 1) =>
      consumedEvent('parkledger.park.registered.v1', id, version, { park: { id, parentId, nameEn: id } });
    const client = await pool.connect();
    try {
      for (const event of [park(jinan, ''), park(highTechZone, jinan), park(heze, '')]) {
        await applyEligibilityEvent(event, client);
        await applyEligibilityEvent(event, client); // a redelivery changes nothing
      }
      const settled = (enterpriseId: string, parkId: string) => {
        const id = uuidv7();
        return consumedEvent('parkledger.settlement.settled.v1', id, 1, {
          settlement: { id, enterpriseId, parkId, settledOn: '2019-01-01' },
        });
      };
      for (const event of [settled(qilu, highTechZone), settled(acv, jinan), settled(hezeFirm, heze)]) {
        await applyEligibilityEvent(event, client);
        await applyEligibilityEvent(event, client);
      }
    } finally {
      client.release();
    }
    await awards.policies.publish(officer, { documentJson: JSON.stringify({ ...jinanDocument(), parks: [jinan] }) });
  }, 60_000);

  afterAll(async () => {
    await awards?.stop();
  });

  it('keeps each version of a policy, the latest answered by default and the history with it', async () => {
    const second = { ...jinanDocument(), parks: [jinan], effectiveFrom: '2030-01-01', budgetPerYear: '1000.00' };
    const { version } = await awards.policies.publish(officer, { documentJson: JSON.stringify(second) });
    expect(version?.version).toBe('2');
    const { version: latest, history } = await awards.policies.get(officer, { policy: 'jinan-2019-biomedical' });
    expect([latest?.version, latest?.effectiveFrom, history?.map((v) => v.effectiveFrom)]).toEqual([
      '2',
      '2030-01-01',
      ['2019-12-11', '2030-01-01'],
    ]);
    // the version in force on an award date before 2030 is still the first
    const { evaluation } = await apply(qilu, '5c', {}, '2029-12-31');
    expect(evaluation.policyVersion).toBe('1');
    expect(await outcomeOf(awards.policies.publish(officer, { documentJson: '{"policy": "x"' }))).toBe(
      'policy-document-invalid json',
    );
  });

  it('gives two first publications of a new policy racing each other versions 1 and 2', async () => {
    const document = JSON.stringify({ ...jinanDocument(), policy: 'racing-policy', parks: [jinan] });
    const published = await Promise.all([1, 2].map(() => awards.policies.publish(officer, { documentJson: document })));
    expect(published.map((p) => p.version?.version).sort()).toEqual(['1', '2']);
    expect(await outcomeOf(awards.policies.get(officer, { policy: 'racing-policy', version: 'x' }))).toBe(
      'award-invalid integer',
    );
  });

  it('finds eligibility in its own read model: settled below a covered park, or refused with the reason', async () => {
    expect((await apply(qilu, '1a', { product: 'QL1706' })).evaluation.outcome).toBe('full');
    const elsewhere = await apply(hezeFirm, '1a', { product: 'H-1' });
    expect([elsewhere.evaluation.outcome, elsewhere.evaluation.reason]).toEqual([
      'refused',
      'not settled on 2021-06-01 in a park the policy covers (version 1)',
    ]);
    expect(await outcomeOf(apply(uuidv7(), '1a', { product: 'X' }))).toBe('enterprise-unknown known-enterprise');
  });

  it('grants, pays and recaptures; revokes a grant; refuses a step from the wrong status', async () => {
    const { award } = await apply(qilu, '4b', { project: 'Pilot plant', purchaseAmount: '20000000.00' });
    const { award: granted } = await grant(award.id ?? '');
    expect([granted?.status, granted?.granted?.minorUnits, granted?.reason]).toEqual([
      'granted',
      '300000000',
      'the cap of 3,000,000.00 CNY per enterprise and project under item 4b left only 3,000,000.00 CNY',
    ]);
    const { award: paid } = await awards.lifecycle.pay(officer, { id: award.id, paidOn: '2021-07-01' });
    expect(paid?.status).toBe('paid');
    expect(await outcomeOf(awards.lifecycle.revoke(officer, { id: award.id, reason: 'too late' }))).toBe(
      'award-wrong-status status',
    );
    // a recapture before the payment would take back budget cash before it went out
    expect(
      await outcomeOf(
        awards.lifecycle.recapture(officer, {
          id: award.id,
          amount: cny('1'),
          recapturedOn: '2021-06-15',
          reason: 'x',
        }),
      ),
    ).toBe('award-invalid on-or-after-payment');
    expect(
      await outcomeOf(
        awards.lifecycle.recapture(officer, {
          id: award.id,
          amount: cny('3,000,000'),
          recapturedOn: '2022-01-01',
          reason: 'x',
        }),
      ),
    ).toBe('ok');
    expect(
      await outcomeOf(
        awards.lifecycle.recapture(officer, {
          id: award.id,
          amount: cny('1'),
          recapturedOn: '2022-01-01',
          reason: 'x',
        }),
      ),
    ).toBe('award-invalid at-most-paid');
    // the recapture freed the project's cap: a new purchase on it is granted again
    const again = await apply(qilu, '4b', { project: 'Pilot plant', purchaseAmount: '1000000.00' });
    expect(again.evaluation.amount?.minorUnits).toBe('20000000');

    const { award: cnas } = await apply(acv, '5c', {});
    await grant(cnas.id ?? '');
    await awards.lifecycle.revoke(officer, { id: cnas.id, reason: 'certificate withdrawn' });
    expect((await apply(acv, '5c', {})).evaluation.outcome).toBe('full');
  });

  it('shows each caller only its awards: its policies, its parks; fund managers nothing', async () => {
    const { award } = await apply(qilu, '5b', { discipline: 'Oncology' });
    const id = award.id ?? '';
    const caller = (role: Caller['role'], scope: Partial<Caller>): Caller => ({
      subject: role,
      role,
      parkScope: [],
      fundScope: [],
      policyScope: [],
      ...scope,
    });
    const otherOfficer = caller('policy-officer', { policyScope: ['heze-2022-medical'] });
    const jinanManager = caller('park-manager', { parkScope: [jinan] });
    const hezeManager = caller('park-manager', { parkScope: [heze] });
    const fundManager = caller('fund-manager', { fundScope: [uuidv7()] });
    const seen = async (who: Caller) => (await awards.queries.list(who, { enterpriseId: qilu })).awards?.length ?? 0;
    expect(await outcomeOf(awards.queries.get(jinanManager, { id }))).toBe('ok');
    expect(await outcomeOf(awards.queries.get(caller('auditor', {}), { id }))).toBe('ok');
    expect(await seen(jinanManager)).toBeGreaterThan(0);
    for (const who of [otherOfficer, hezeManager]) {
      expect(await outcomeOf(awards.queries.get(who, { id }))).toBe('award-not-found');
      expect(await seen(who)).toBe(0);
    }
    expect(await outcomeOf(awards.applications.evaluate(otherOfficer, { id }))).toBe('award-not-found');
    // an evaluation's trace shows the policy's budget: not for a park manager, even of the enterprise's park
    expect(await outcomeOf(awards.applications.evaluate(jinanManager, { id }))).toBe('forbidden');
    expect(await outcomeOf(awards.applications.review(otherOfficer, { id, decision: 'grant' }))).toBe(
      'award-not-found',
    );
    expect(await outcomeOf(awards.applications.review(jinanManager, { id, decision: 'grant' }))).toBe('forbidden');
    const submitted = awards.applications.submit(otherOfficer, {
      policy: 'jinan-2019-biomedical',
      item: '5c',
      enterpriseId: acv,
      awardOn: '2021-06-01',
    });
    expect(await outcomeOf(submitted)).toBe('forbidden');
    const document = JSON.stringify({ ...jinanDocument(), parks: [jinan] });
    expect(await outcomeOf(awards.policies.publish(otherOfficer, { documentJson: document }))).toBe('forbidden');
    expect(await outcomeOf(awards.policies.get(jinanManager, { policy: 'jinan-2019-biomedical' }))).toBe('ok');
    // a policy the request names that isn't there is the field's problem (422), not a missing route
    const unknown = awards.applications.submit(caller('admin', {}), {
      policy: 'no-such-policy',
      item: '5c',
      enterpriseId: acv,
      awardOn: '2021-06-01',
    });
    expect(await outcomeOf(unknown)).toBe('policy-not-found known-policy');
    expect(await outcomeOf(awards.queries.get(fundManager, { id }))).toBe('forbidden');
    expect(await outcomeOf(awards.policies.list(fundManager, {}))).toBe('forbidden');
  });

  it('lets racing grants take exactly what a cap has left: 8 international approvals for 5 places', async () => {
    const applications = [];
    for (let i = 1; i <= 8; i += 1)
      applications.push((await apply(acv, '5d', { product: `P${i}`, agency: 'EMA' })).award.id ?? '');
    const outcomes = await Promise.all(applications.map((id) => outcomeOf(grant(id))));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual(Array(3).fill('award-limit-reached nothing-to-grant'));
    const { rows } = await awards
      .pool(1)
      .query<{ used: string; bound: string }>(
        `SELECT used::text, bound::text FROM ${SPEC_SCHEMA}.limit_usage WHERE item = '5d' AND "limit" = 'cap:enterprise' AND key = $1`,
        [JSON.stringify([acv])],
      );
    expect(rows).toEqual([{ used: '500000000', bound: '500000000' }]);
  }, 60_000);

  it('refuses, in the database, a usage past its bound however it is written', async () => {
    const pool = awards.pool(1);
    await expect(
      pool.query(`UPDATE ${SPEC_SCHEMA}.limit_usage SET used = bound + 1 WHERE item = '5d'`),
    ).rejects.toMatchObject({ code: '23514', constraint: 'limit_usage_within_bound' });
    await expect(pool.query(`UPDATE ${SPEC_SCHEMA}.budget_usage SET used = budget + 1`)).rejects.toMatchObject({
      code: '23514',
      constraint: 'budget_usage_within_budget',
    });
  });
});
