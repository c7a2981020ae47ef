import {
  type AwardJson,
  type EnterpriseMilestoneRecorded,
  type SimulatePolicyRequestJson,
} from '@parkledger/contracts';
import { DomainError, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { consumedEvent, outcomeOf } from '@parkledger/testing';
import { readOnly } from '../database/read-only';
import { applyEligibilityEvent } from '../read-model/eligibility-read-model';
import { jinanDocument } from '../testing/jinan-2019';
import { awardsUnderTest, officer, SPEC_SCHEMA, type AwardsUnderTest } from '../testing/awards-under-test';

const POLICY = 'jinan-2019-biomedical';
const caller = (role: Caller['role'], scope: Partial<Caller> = {}): Caller => ({
  subject: role,
  role,
  parkScope: [],
  fundScope: [],
  policyScope: [],
  ...scope,
});
type ItemJson = Record<string, unknown> & { id: string; rule: Record<string, unknown> };

describe('simulating a draft policy over the recorded cases of a period, against Postgres', () => {
  let awards: AwardsUnderTest;
  const jinan = uuidv7();
  const qilu = uuidv7();
  const acv = uuidv7();
  const xuanzhu = uuidv7();
  const published: Record<string, unknown> = { ...jinanDocument(), parks: [jinan] };
  /** The published policy with item 3 at 3,000,000.00 instead of 3,500,000.00. */
  const lowerGenerics = () => {
    const draft = structuredClone(published);
    const generics = (draft.items as ItemJson[]).find((item) => item.id === '3');
    if (generics !== undefined) generics.rule.amount = '3000000.00';
    return JSON.stringify(draft);
  };
  const simulate = (request: SimulatePolicyRequestJson, who: Caller = officer) =>
    awards.simulation.simulate(who, { from: '2021-01-01', to: '2021-12-31', ...request });
  const apply = async (enterpriseId: string, item: string, facts: object, awardOn: string) =>
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
  /** Every row of every table of the service's schema, as one text: equal before and after means nothing was written. */
  const fingerprint = async (): Promise<string> => {
    const pool = awards.pool(1);
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [SPEC_SCHEMA],
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await pool.query<{ digest: string | null }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${SPEC_SCHEMA}.${name} t`,
      );
      parts.push(`${name}:${rows[0]?.digest ?? 'empty'}`);
    }
    return parts.join(' ');
  };

  let generic1 = '';
  let generic2 = '';
  beforeAll(async () => {
    awards = await awardsUnderTest('policy_awards_simulation');
    const client = await awards.pool(1).connect();
    try {
      await applyEligibilityEvent(
        consumedEvent('parkledger.park.registered.v1', jinan, 1, {
          park: { id: jinan, parentId: '', nameEn: 'Jinan' },
        }),
        client,
      );
      for (const enterpriseId of [qilu, acv, xuanzhu]) {
        const id = uuidv7();
        await applyEligibilityEvent(
          consumedEvent('parkledger.settlement.settled.v1', id, 1, {
            settlement: { id, enterpriseId, parkId: jinan, settledOn: '2019-01-01' },
          }),
          client,
        );
      }
      // a generic ranked second in China, given by its milestone: 4,000,000.00
      const recorded: Partial<EnterpriseMilestoneRecorded> = {
        milestone: {
          id: uuidv7(),
          enterpriseId: xuanzhu,
          kind: 'consistency-evaluation',
          achievedOn: '2021-08-01',
          factsJson: JSON.stringify({ product: 'Rosuvastatin', rankInChina: 2 }),
          recordedAt: new Date().toISOString(),
        } as EnterpriseMilestoneRecorded['milestone'],
        enterpriseVersion: 1n,
        settledIn: [jinan],
        recorderRole: 'admin',
      };
      await awards.policies.publish(officer, { documentJson: JSON.stringify(published) });
      await client.query('BEGIN');
      await awards.milestoneAwards.apply(
        consumedEvent('parkledger.enterprise.milestone-recorded.v1', xuanzhu, 1, recorded as never),
        client,
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    // 2020, before the period: a generic of qilu's, standing
    await grant(await apply(qilu, '3', { product: 'Amlodipine', firstThreeInChina: false }, '2020-06-01'));
    // 2021: two generics of 3,500,000.00; a drug the reviewer rejects though the policy gives it 20,000,000.00
    generic1 = await apply(qilu, '3', { product: 'Entecavir', firstThreeInChina: false }, '2021-03-01');
    generic2 = await apply(acv, '3', { product: 'Tenofovir', firstThreeInChina: false }, '2021-09-01');
    await grant(generic1);
    await grant(generic2);
    const drug = await apply(acv, '1a', { product: 'AC-1' }, '2021-04-01');
    await awards.applications.review(officer, { id: drug, decision: 'reject', reason: 'no production licence' });
  }, 60_000);

  afterAll(async () => {
    await awards?.stop();
  });

  it('answers a draft that lowers item 3 to 3,000,000.00 with exactly 1,000,000.00 less over the two item-3 awards of 3,500,000.00', async () => {
    const result = await simulate({ documentJson: lowerGenerics() });
    expect([result.policy, result.policyVersion, result.currency]).toEqual([POLICY, '0', 'CNY']);
    expect(result.total).toEqual({
      actual: { minorUnits: '1100000000', currency: 'CNY' },
      simulated: { minorUnits: '1000000000', currency: 'CNY' },
      difference: { minorUnits: '-100000000', currency: 'CNY' },
      actualAwards: '3',
      simulatedAwards: '3',
    });
    expect(result.byItem?.map((i) => [i.item, i.figures?.difference?.minorUnits])).toEqual([
      ['1a', '0'],
      ['3', '-100000000'],
    ]);
    expect(result.changed?.map((c) => [c.awardId, c.actual?.minorUnits, c.simulated?.minorUnits])).toEqual([
      [generic1, '350000000', '300000000'],
      [generic2, '350000000', '300000000'],
    ]);
    expect(result.counts).toEqual({
      cases: '4',
      evaluated: '3',
      pending: '0',
      revoked: '0',
      reviewerRejected: '1',
      newCases: '0',
      changed: '2',
    });
    expect(result.budget).toEqual([
      {
        year: '2021',
        budget: { minorUnits: '30000000000', currency: 'CNY' },
        actualUsed: { minorUnits: '1100000000', currency: 'CNY' },
        simulatedUsed: { minorUnits: '1000000000', currency: 'CNY' },
        difference: { minorUnits: '-100000000', currency: 'CNY' },
        simulatedRemaining: { minorUnits: '29000000000', currency: 'CNY' },
      },
    ]);
  });

  it('finds no difference re-running the published version', async () => {
    const result = await simulate({ policy: POLICY, version: '1' });
    expect([result.policyVersion, result.counts?.changed, result.total?.difference?.minorUnits]).toEqual([
      '1',
      '0',
      '0',
    ]);
    expect((await simulate({ policy: POLICY })).policyVersion).toBe('1');
  });

  it('writes nothing: its transaction is read-only, and every table is as it was', async () => {
    const before = await fingerprint();
    await simulate({ documentJson: lowerGenerics() });
    await simulate({ policy: POLICY, version: '1', from: '2019-01-01', to: '2022-12-31' });
    expect(await fingerprint()).toBe(before);
    await expect(
      readOnly(awards.dataSource, (tx) => tx.query(`UPDATE ${SPEC_SCHEMA}.budget_usage SET used = used`)),
    ).rejects.toMatchObject({ driverError: { code: '25006' } });
  });

  it('reads the draft as a publication does, naming each problem under document; a period, a version, roles', async () => {
    const broken = structuredClone(published);
    const [first] = broken.items as ItemJson[];
    if (first !== undefined) first.rule.amount = 'twenty million';
    const refusal = await simulate({ documentJson: JSON.stringify(broken) }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).fields.map((f) => `${f.field} ${f.rule}`)).toEqual([
      'document.items[0].rule.amount money',
    ]);
    expect(await outcomeOf(simulate({ documentJson: '{"policy":' }))).toBe('policy-document-invalid json');
    expect(await outcomeOf(simulate({ policy: POLICY, from: '2021-12-31', to: '2021-01-01' }))).toBe(
      'award-invalid on-or-after-from',
    );
    expect(await outcomeOf(simulate({ documentJson: lowerGenerics(), policy: POLICY }))).toBe(
      'award-invalid document-or-version',
    );
    expect(await outcomeOf(simulate({ policy: POLICY, version: '9' }))).toBe('policy-not-found known-policy');
    const usd = JSON.stringify({ ...published, currency: 'USD' });
    expect(await outcomeOf(simulate({ documentJson: usd }))).toBe('award-invalid currency');
    expect(await outcomeOf(simulate({ policy: POLICY }, caller('admin')))).toBe('ok');
    expect(await outcomeOf(simulate({ policy: POLICY }, caller('auditor')))).toBe('forbidden');
    expect(await outcomeOf(simulate({ policy: POLICY }, caller('park-manager', { parkScope: [jinan] })))).toBe(
      'forbidden',
    );
    const otherOfficer = caller('policy-officer', { policyScope: ['heze-2022-medical'] });
    expect(await outcomeOf(simulate({ documentJson: lowerGenerics() }, otherOfficer))).toBe('forbidden');
  });

  // how fast is B10's to say (npm run bench:awards), not a timed test's
  it('answers a year of 3,000 recorded cases: every one counted, and the changed ones listed', async () => {
    // 3,000 applications of 2022 written straight into the table: 2a trials and 5d approvals across the three enterprises
    await awards.pool(1).query(
      `INSERT INTO ${SPEC_SCHEMA}.awards (id, policy, policy_version, item, enterprise_id, award_on, currency, facts,
                                          status, granted, reason, source, version, decided_by)
       SELECT gen_random_uuid(), $1, 1, CASE WHEN i % 2 = 0 THEN '2a' ELSE '5d' END,
              (ARRAY[$2, $3, $4]::uuid[])[1 + i % 3], DATE '2022-01-01' + (i % 365),  'CNY',
              CASE WHEN i % 2 = 0 THEN jsonb_build_object('project', 'P-' || i)
                   ELSE jsonb_build_object('product', 'D-' || i, 'agency', 'FDA') END,
              'granted', 50000000, '', 'application', 2, 'policy'
         FROM generate_series(1, 3000) AS i`,
      [POLICY, qilu, acv, xuanzhu],
    );
    const result = await simulate({ documentJson: lowerGenerics(), from: '2022-01-01', to: '2022-12-31' });
    expect(result.counts?.cases).toBe('3000');
    expect(result.changed).toHaveLength(200);
  });
});
