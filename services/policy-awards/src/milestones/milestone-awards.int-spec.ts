import { type EnterpriseMilestoneRecorded } from '@parkledger/contracts';
import { type ConsumedEvent } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { consumedEvent } from '@parkledger/testing';
import { applyEligibilityEvent } from '../read-model/eligibility-read-model';
import { jinanDocument } from '../testing/jinan-2019';
import { awardsUnderTest, officer, SPEC_SCHEMA, type AwardsUnderTest } from '../testing/awards-under-test';

interface Given {
  item: string;
  status: string;
  granted: string;
  reason: string;
  version: string;
  facts: Record<string, unknown>;
}

describe('awards without applying: milestones of the registry against Postgres', () => {
  let awards: AwardsUnderTest;
  const jinan = uuidv7();
  const valley = uuidv7();
  const xuanzhu = uuidv7();
  const yinfeng = uuidv7();
  let version = 0;

  const milestone = (
    enterpriseId: string,
    kind: string,
    facts: object,
    settledIn: string[] = [valley, jinan],
    achievedOn = '2022-03-01',
    recorder: { role: string; policies: string[] } = { role: 'admin', policies: [] },
  ): ConsumedEvent => {
    version += 1;
    const recorded: Partial<EnterpriseMilestoneRecorded> = {
      milestone: {
        id: uuidv7(),
        enterpriseId,
        kind,
        achievedOn,
        factsJson: JSON.stringify(facts),
        recordedAt: new Date().toISOString(),
      } as EnterpriseMilestoneRecorded['milestone'],
      enterpriseVersion: BigInt(version),
      settledIn,
      recorderRole: recorder.role,
      recorderPolicies: recorder.policies,
    };
    return consumedEvent('parkledger.enterprise.milestone-recorded.v1', enterpriseId, version, recorded as never);
  };
  /** Applies the event in one transaction, as the inbox does. */
  const deliver = async (event: ConsumedEvent) => {
    const client = await awards.pool(1).connect();
    try {
      await client.query('BEGIN');
      await awards.milestoneAwards.apply(event, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const given = async (milestoneEvent: ConsumedEvent): Promise<Given[]> => {
    const id =
      milestoneEvent.event.type === 'parkledger.enterprise.milestone-recorded.v1'
        ? milestoneEvent.event.payload.milestone?.id
        : '';
    const { rows } = await awards.pool(1).query<Given>(
      `SELECT item, status, granted::text AS granted, reason, version::text AS version, facts
         FROM ${SPEC_SCHEMA}.awards WHERE milestone_id = $1 ORDER BY item`,
      [id],
    );
    return rows;
  };
  /** The award's events in the order the relay publishes them: outbox position, which must follow version. */
  const eventsOf = async (item: string, enterpriseId: string): Promise<string[]> => {
    const { rows } = await awards.pool(1).query<{ type: string; version: string }>(
      `SELECT o.event_type AS type, o.aggregate_version::text AS version FROM ${SPEC_SCHEMA}.outbox o
         JOIN ${SPEC_SCHEMA}.awards a ON a.id::text = o.aggregate_id
        WHERE a.item = $1 AND a.enterprise_id = $2 ORDER BY o.position`,
      [item, enterpriseId],
    );
    return rows.map((row) => `${row.version} ${row.type}`);
  };

  beforeAll(async () => {
    awards = await awardsUnderTest('milestone_awards');
    const client = await awards.pool(1).connect();
    try {
      const park = (id: string, parentId: string) =>
        consumedEvent('parkledger.park.registered.v1', id, 1, { park: { id, parentId, nameEn: id } });
      const settled = (enterpriseId: string) => {
        const id = uuidv7();
        return consumedEvent('parkledger.settlement.settled.v1', id, 1, {
          settlement: { id, enterpriseId, parkId: valley, settledOn: '2019-01-01' },
        });
      };
      for (const event of [park(jinan, ''), park(valley, jinan), settled(xuanzhu), settled(yinfeng)]) {
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

  it('grants a Class 1 new drug 20,000,000.00 with no application, once however often it is delivered', async () => {
    const approval = milestone(xuanzhu, 'new-drug-approval', { product: 'XZP-3287', drugClass: 1 });
    await deliver(approval);
    await deliver(approval);
    expect(await given(approval)).toEqual([
      {
        item: '1a',
        status: 'granted',
        granted: '2000000000',
        reason: '',
        version: '2',
        facts: { product: 'XZP-3287' },
      },
    ]);
    expect(await eventsOf('1a', xuanzhu)).toEqual(['1 parkledger.award.applied.v1', '2 parkledger.award.granted.v1']);
    // a Class 2 drug is no case of 1a (and 1b is applied for): nothing is recorded
    const other = milestone(xuanzhu, 'new-drug-approval', { product: 'XZP-5849', drugClass: 2 });
    await deliver(other);
    expect(await given(other)).toEqual([]);
  });

  it('records a case that gives nothing with its reason: not settled in a covered park, or a limit reached', async () => {
    const elsewhere = milestone(yinfeng, 'cnas-accreditation', {}, [uuidv7()]);
    await deliver(elsewhere);
    expect(await given(elsewhere)).toEqual([
      expect.objectContaining({
        item: '5c',
        status: 'rejected',
        granted: '0',
        reason: 'not settled on 2022-03-01 in a park the policy covers (version 1)',
      }),
    ]);
    const first = milestone(yinfeng, 'cnas-accreditation', {});
    const again = milestone(yinfeng, 'cnas-accreditation', {});
    await deliver(first);
    await deliver(again);
    expect((await given(first))[0]).toMatchObject({ status: 'granted', granted: '20000000' });
    expect((await given(again))[0]).toMatchObject({ status: 'rejected', granted: '0' });
    expect((await given(again))[0]?.reason).toBe('at most 1 award per enterprise under item 5c, and 1 granted');
  });

  it('gives item 3 the higher amount for a first-three-in-China rank, and proposes a national platform for confirmation', async () => {
    const third = milestone(yinfeng, 'consistency-evaluation', { product: 'Entecavir', rankInChina: 3 });
    await deliver(third);
    expect((await given(third))[0]).toMatchObject({
      item: '3',
      status: 'granted',
      granted: '400000000',
      facts: { product: 'Entecavir', firstThreeInChina: true },
    });
    const platform = milestone(yinfeng, 'platform-approval', {
      platform: 'National Cell Therapy Centre',
      level: 'national',
    });
    await deliver(platform);
    const [proposed] = await given(platform);
    expect(proposed).toMatchObject({ item: '4a', status: 'submitted', granted: '0', version: '1' });
    const { rows } = await awards
      .pool(1)
      .query<{ id: string }>(`SELECT id FROM ${SPEC_SCHEMA}.awards WHERE item = '4a' AND enterprise_id = $1`, [
        yinfeng,
      ]);
    const { award } = await awards.applications.review(officer, { id: rows[0]?.id ?? '', decision: 'grant' });
    expect([award?.status, award?.granted?.minorUnits, award?.source]).toEqual(['granted', '500000000', 'milestone']);
  });

  it('keeps on each award the milestone as its event carried it, and who decided it: the policy, given at once or confirmed in full', async () => {
    const registration = milestone(yinfeng, 'device-registration', {
      product: 'Bone plate',
      deviceClass: 2,
      innovative: false,
      ivd: false,
    });
    await deliver(registration);
    const id =
      registration.event.type === 'parkledger.enterprise.milestone-recorded.v1'
        ? registration.event.payload.milestone?.id
        : '';
    const { rows } = await awards
      .pool(1)
      .query<{ item: string; milestone: unknown; decided_by: string | null }>(
        `SELECT item, milestone, decided_by FROM ${SPEC_SCHEMA}.awards WHERE milestone_id = $1`,
        [id],
      );
    expect(rows).toEqual([
      {
        item: '2c',
        milestone: {
          kind: 'device-registration',
          facts: { product: 'Bone plate', deviceClass: 2, innovative: false, ivd: false },
          settledIn: [valley, jinan],
        },
        decided_by: 'policy',
      },
    ]);
    const { rows: proposed } = await awards
      .pool(1)
      .query<{ decided_by: string | null }>(
        `SELECT decided_by FROM ${SPEC_SCHEMA}.awards WHERE item = '4a' AND enterprise_id = $1 ORDER BY id`,
        [yinfeng],
      );
    // the national platform's proposal, confirmed by the officer in full: the policy's amount
    expect(proposed).toEqual([{ decided_by: 'policy' }]);
  });

  it('refuses, in the database, a second award of one item for one milestone', async () => {
    const approval = milestone(xuanzhu, 'gcp-discipline', { discipline: 'Oncology' });
    await deliver(approval);
    await expect(
      awards.pool(1).query(
        `INSERT INTO ${SPEC_SCHEMA}.awards (id, policy, policy_version, item, enterprise_id, award_on, currency, facts,
                                            status, reason, source, milestone_id, version)
         SELECT $1, policy, policy_version, item, enterprise_id, award_on, currency, facts, status, reason, source,
                milestone_id, 1 FROM ${SPEC_SCHEMA}.awards WHERE item = '5b' AND enterprise_id = $2`,
        [uuidv7(), xuanzhu],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'awards_one_per_milestone_item' });
  });

  it("proposes, not grants, what another policy's officer's milestone triggers: it can't grant under a policy it doesn't run", async () => {
    const other = { role: 'policy-officer', policies: ['heze-2022-medical'] };
    const foreign = milestone(
      xuanzhu,
      'new-drug-approval',
      { product: 'XZP-9001', drugClass: 1 },
      undefined,
      undefined,
      other,
    );
    await deliver(foreign);
    expect(await given(foreign)).toEqual([expect.objectContaining({ item: '1a', status: 'submitted', granted: '0' })]);
    const own = { role: 'policy-officer', policies: ['jinan-2019-biomedical'] };
    const trusted = milestone(
      xuanzhu,
      'new-drug-approval',
      { product: 'XZP-9002', drugClass: 1 },
      undefined,
      undefined,
      own,
    );
    await deliver(trusted);
    expect(await given(trusted)).toEqual([
      expect.objectContaining({ item: '1a', status: 'granted', granted: '2000000000' }),
    ]);
  });
});
