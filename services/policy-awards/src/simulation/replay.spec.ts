import { type MilestoneSnapshot } from '../awards/awards.repository';
import { type StandingAward } from '../evaluation/evaluate';
import { triggeredFacts } from '../evaluation/trigger';
import { type FactValue, parsePolicyDocument, type PolicyDocument } from '../policies/policy-document';
import { AwardBook, jinan2019, JINAN_PARK, jinanDocument, yuan } from '../testing/jinan-2019';
import { type RecordedCase, replay } from './replay';

type Json = Record<string, unknown>;
type ItemJson = Json & { id: string; rule: Json; limits: Json[]; trigger?: Json };

/** The Jinan policy, published for its park, changed as a draft would be. */
function draft(change: (items: ItemJson[], document: Json) => void): PolicyDocument {
  const document: Json = structuredClone({ ...jinanDocument(), parks: [JINAN_PARK] });
  change(document.items as ItemJson[], document);
  return parsePolicyDocument(document);
}
const itemOf = (items: ItemJson[], id: string): ItemJson => {
  const found = items.find((item) => item.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
};

/**
 * Records cases as the service would have under the published policy: an application granted as
 * the evaluation proposes, or refused by the policy; a milestone's items as its triggers give them.
 */
class Recorder {
  readonly book = new AwardBook();
  readonly cases: RecordedCase[] = [];

  apply(item: string, enterprise: string, awardOn: string, facts: Json = {}, as: Partial<RecordedCase> = {}) {
    const evaluation = this.book.apply(item, enterprise, awardOn, facts);
    const recorded: RecordedCase = {
      awardId: `a${String(this.cases.length + 1).padStart(5, '0')}`,
      item,
      enterprise,
      awardOn,
      facts,
      status: evaluation.amount > 0n ? 'granted' : 'rejected',
      granted: evaluation.amount,
      recaptured: 0n,
      decidedBy: 'policy',
      milestoneId: null,
      milestone: null,
      settledInDraftParks: true,
      ...as,
    };
    this.cases.push(recorded);
    return recorded;
  }

  milestone(id: string, kind: string, enterprise: string, awardOn: string, facts: Record<string, FactValue>) {
    const milestone: MilestoneSnapshot = { kind, facts, settledIn: [JINAN_PARK] };
    for (const item of this.book.policy.items) {
      if (item.trigger?.milestone !== kind) continue;
      const itemFacts = triggeredFacts(item.trigger, Object.keys(item.facts), facts);
      if (itemFacts !== undefined)
        this.apply(item.id, enterprise, awardOn, itemFacts, { milestoneId: id, milestone, facts: itemFacts });
    }
  }
}

const changes = (result: ReturnType<typeof replay>) =>
  result.cases
    .filter((c) => c.actual !== c.simulated)
    .map((c) => [c.awardId, c.item, c.actual, c.outcome, c.simulated, c.reason]);
const difference = (figures: { actual: bigint; simulated: bigint }) => figures.simulated - figures.actual;
const period = { from: '2021-01-01', to: '2021-12-31' };

describe('replaying the recorded cases of a period under a draft policy', () => {
  it('changes nothing when the draft is the published policy', () => {
    const recorder = new Recorder();
    recorder.apply('3', 'qilu', '2021-03-01', { product: 'Entecavir', firstThreeInChina: false });
    for (let i = 1; i <= 13; i += 1) recorder.apply('2a', 'qilu', '2021-04-01', { project: `QL-${i}` });
    recorder.milestone('m1', 'new-drug-approval', 'xuanzhu', '2021-05-01', { product: 'XZP-3287', drugClass: 1 });
    recorder.apply('5c', 'acv', '2021-06-01');
    recorder.apply('5c', 'acv', '2021-07-01');
    recorder.apply('4b', 'acv', '2021-08-01', { project: 'Pilot plant', purchaseAmount: '20000000.00' });
    const result = replay(jinan2019(), { before: [], cases: recorder.cases }, period);
    expect(result.counts).toEqual({
      cases: 18,
      evaluated: 18,
      pending: 0,
      revoked: 0,
      reviewerRejected: 0,
      newCases: 0,
      changed: 0,
    });
    expect(result.total).toEqual({
      actual: yuan('32,700,000.00'),
      simulated: yuan('32,700,000.00'),
      actualAwards: 16,
      simulatedAwards: 16,
    });
  });

  it('lowers the total by exactly 1,000,000.00 when item 3 falls from 3,500,000.00 to 3,000,000.00 over two item-3 awards', () => {
    const recorder = new Recorder();
    recorder.apply('3', 'qilu', '2021-03-01', { product: 'Entecavir', firstThreeInChina: false });
    recorder.apply('1a', 'qilu', '2021-04-01', { product: 'QL1706' });
    recorder.apply('3', 'acv', '2021-09-01', { product: 'Tenofovir', firstThreeInChina: false });
    const lower = draft((items) => (itemOf(items, '3').rule.amount = '3000000.00'));
    const result = replay(lower, { before: [], cases: recorder.cases }, period);
    expect(difference(result.total)).toBe(-yuan('1,000,000.00'));
    expect(result.byItem.map(({ item, figures }) => [item, figures.actual, figures.simulated])).toEqual([
      ['1a', yuan('20,000,000.00'), yuan('20,000,000.00')],
      ['3', yuan('7,000,000.00'), yuan('6,000,000.00')],
    ]);
    expect(result.byEnterprise.map(({ enterprise, figures }) => [enterprise, difference(figures)])).toEqual([
      ['acv', -yuan('500,000.00')],
      ['qilu', -yuan('500,000.00')],
    ]);
    expect(changes(result)).toEqual([
      ['a00001', '3', yuan('3,500,000.00'), 'full', yuan('3,000,000.00'), ''],
      ['a00003', '3', yuan('3,500,000.00'), 'full', yuan('3,000,000.00'), ''],
    ]);
    expect(result.budget).toEqual([
      {
        year: 2021,
        budget: yuan('300,000,000.00'),
        actualUsed: yuan('27,000,000.00'),
        simulatedUsed: yuan('26,000,000.00'),
      },
    ]);
  });

  it('moves the cut from the 13th trial to the 14th when the draft raises 2a’s yearly cap to 6,500,000.00', () => {
    const recorder = new Recorder();
    for (let i = 1; i <= 12; i += 1) recorder.apply('2a', 'qilu', '2021-07-01', { project: `QL-${i}` });
    // the 4th was paid and 200,000.00 of it recaptured: the cap had 200,000.00 left for the 13th
    recorder.book.recapture(3, yuan('200,000.00'));
    Object.assign(recorder.cases[3] ?? {}, { status: 'paid', recaptured: yuan('200,000.00') });
    const thirteenth = recorder.apply('2a', 'qilu', '2021-11-01', { project: 'QL-13' });
    const fourteenth = recorder.apply('2a', 'qilu', '2021-12-01', { project: 'QL-14' });
    expect([thirteenth.granted, fourteenth.status]).toEqual([yuan('200,000.00'), 'rejected']);

    const raised = draft(
      (items) => (itemOf(items, '2a').limits[1] = { kind: 'cap', per: ['enterprise', 'year'], amount: '6500000.00' }),
    );
    const result = replay(raised, { before: [], cases: recorder.cases }, period);
    expect(changes(result)).toEqual([
      ['a00013', '2a', yuan('200,000.00'), 'full', yuan('500,000.00'), ''],
      [
        'a00014',
        '2a',
        0n,
        'cut',
        yuan('200,000.00'),
        'the cap of 6,500,000.00 CNY per enterprise and year under item 2a left only 200,000.00 CNY',
      ],
    ]);
    expect(difference(result.total)).toBe(yuan('500,000.00'));
    // the recaptured 4th stands at 300,000.00 on both sides
    expect(result.cases[3]).toMatchObject({ actual: yuan('300,000.00'), simulated: yuan('300,000.00') });
  });

  it('counts the awards standing before the period as they stand: the 3 generics a company had keep a 4th out', () => {
    const before: StandingAward[] = ['A', 'B', 'C'].map((product) => ({
      item: '3',
      enterprise: 'qilu',
      awardOn: '2020-05-01',
      facts: { product, firstThreeInChina: false },
      amount: yuan('3,500,000.00'),
      tiers: [],
    }));
    const recorder = new Recorder();
    recorder.apply(
      '3',
      'qilu',
      '2021-03-01',
      { product: 'D', firstThreeInChina: false },
      { status: 'rejected', granted: 0n },
    );
    expect(changes(replay(jinan2019(), { before, cases: recorder.cases }, period))).toEqual([]);
    const four = draft((items) => ((itemOf(items, '3').limits[1] as Json).max = 4));
    expect(changes(replay(four, { before, cases: recorder.cases }, period))).toEqual([
      ['a00001', '3', 0n, 'full', yuan('3,500,000.00'), ''],
    ]);
  });

  it('cuts what passes a lower budget, counting what stood before the period in the same year', () => {
    const before: StandingAward[] = [
      { item: '5c', enterprise: 'acv', awardOn: '2021-01-15', facts: {}, amount: yuan('200,000.00'), tiers: [] },
    ];
    const recorder = new Recorder();
    recorder.apply('1a', 'qilu', '2021-04-01', { product: 'QL1706' });
    const tight = draft((_, document) => (document.budgetPerYear = '10000000.00'));
    const result = replay(tight, { before, cases: recorder.cases }, { from: '2021-02-01', to: '2022-06-30' });
    expect(changes(result)).toEqual([
      [
        'a00001',
        '1a',
        yuan('20,000,000.00'),
        'cut',
        yuan('9,800,000.00'),
        "the policy's budget for 2021 left only 9,800,000.00 CNY",
      ],
    ]);
    expect(result.budget).toEqual([
      {
        year: 2021,
        budget: yuan('10,000,000.00'),
        actualUsed: yuan('20,200,000.00'),
        simulatedUsed: yuan('10,000,000.00'),
      },
      { year: 2022, budget: yuan('10,000,000.00'), actualUsed: 0n, simulatedUsed: 0n },
    ]);
  });

  it('applies the draft’s triggers to the milestones recorded: an item they give now, one they no longer give, a fact they read otherwise', () => {
    const recorder = new Recorder();
    recorder.milestone('m1', 'new-drug-approval', 'xuanzhu', '2021-05-01', { product: 'XZP-3287', drugClass: 1 });
    recorder.milestone('m2', 'device-registration', 'acv', '2021-06-01', {
      product: 'Bone plate',
      deviceClass: 2,
      innovative: false,
      ivd: false,
    });
    recorder.milestone('m3', 'consistency-evaluation', 'qilu', '2021-07-01', { product: 'Entecavir', rankInChina: 3 });
    expect(recorder.cases.map((c) => [c.item, c.granted])).toEqual([
      ['1a', yuan('20,000,000.00')],
      ['2c', yuan('200,000.00')],
      ['3', yuan('4,000,000.00')],
    ]);
    const changed = draft((items) => {
      items.splice(1, 0, {
        id: '1e',
        title: { zh: '1类新药首次生产', en: 'A Class 1 new drug’s first production' },
        facts: { product: 'text' },
        rule: { kind: 'fixed', amount: '1000000.00' },
        trigger: { milestone: 'new-drug-approval', when: [{ fact: 'drugClass', is: 1 }], mode: 'confirm' },
        limits: [{ kind: 'count', per: ['enterprise', 'product'], max: 1 }],
      });
      delete itemOf(items, '2c').trigger;
      ((itemOf(items, '3').trigger as Json).facts as Json).firstThreeInChina = { fact: 'rankInChina', atMost: 1 };
    });
    const result = replay(changed, { before: [], cases: recorder.cases }, period);
    expect(result.cases.map((c) => [c.milestoneId, c.item, c.awardId, c.actual, c.simulated])).toEqual([
      ['m1', '1a', 'a00001', yuan('20,000,000.00'), yuan('20,000,000.00')],
      ['m1', '1e', null, 0n, yuan('1,000,000.00')],
      ['m2', '2c', 'a00002', yuan('200,000.00'), 0n],
      ['m3', '3', 'a00003', yuan('4,000,000.00'), yuan('3,500,000.00')],
    ]);
    expect(result.cases[2]?.reason).toBe('under the draft, this device-registration milestone gives no item 2c');
    expect([result.counts.newCases, result.counts.changed, difference(result.total)]).toEqual([
      1,
      3,
      yuan('300,000.00'),
    ]);
  });

  it('replays a milestone award recorded without its milestone on the item facts it keeps', () => {
    const recorder = new Recorder();
    recorder.milestone('m1', 'new-drug-approval', 'xuanzhu', '2021-05-01', { product: 'XZP-3287', drugClass: 1 });
    const legacy = recorder.cases.map((c) => ({ ...c, milestone: null }));
    const higher = draft((items) => (itemOf(items, '1a').rule.amount = '25000000.00'));
    expect(changes(replay(higher, { before: [], cases: legacy }, period))).toEqual([
      ['a00001', '1a', yuan('20,000,000.00'), 'full', yuan('25,000,000.00'), ''],
    ]);
  });

  it('keeps what people decided: undecided left out, revoked in neither, a reviewer’s rejection and a grant in part, recaptures', () => {
    const recorder = new Recorder();
    const generic = (enterprise: string, as: Partial<RecordedCase>) =>
      recorder.apply('3', enterprise, '2021-03-01', { product: 'Entecavir', firstThreeInChina: false }, as);
    generic('a', { status: 'submitted', granted: 0n, decidedBy: null });
    generic('b', { status: 'revoked' });
    generic('c', { status: 'rejected', granted: 0n, decidedBy: 'reviewer' });
    generic('d', { granted: yuan('2,000,000.00'), decidedBy: 'reviewer' });
    generic('e', { status: 'paid', recaptured: yuan('3,500,000.00') });
    generic('f', { status: 'paid', recaptured: yuan('1,000,000.00') });
    // a refusal by the policy is the policy's to change
    generic('g', { status: 'rejected', granted: 0n, decidedBy: 'policy' });
    const higher = draft((items) => (itemOf(items, '3').rule.amount = '5000000.00'));
    const result = replay(higher, { before: [], cases: recorder.cases }, period);
    expect(result.cases.map((c) => [c.enterprise, c.treatment, c.actual, c.simulated])).toEqual([
      ['a', 'pending', 0n, 0n],
      ['b', 'revoked', 0n, 0n],
      ['c', 'reviewer-rejected', 0n, 0n],
      ['d', 'evaluated', yuan('2,000,000.00'), yuan('2,000,000.00')],
      ['e', 'evaluated', 0n, 0n],
      ['f', 'evaluated', yuan('2,500,000.00'), yuan('4,000,000.00')],
      ['g', 'evaluated', 0n, yuan('5,000,000.00')],
    ]);
    expect(result.cases[3]?.reason).toBe('the reviewer granted 2,000,000.00 CNY of it, and that stands');
    expect(result.cases[5]?.reason).toBe('1,000,000.00 CNY recaptured, as it was');
    expect(result.counts).toMatchObject({
      cases: 7,
      evaluated: 4,
      pending: 1,
      revoked: 1,
      reviewerRejected: 1,
      changed: 2,
    });
    expect(result.total).toMatchObject({ actualAwards: 3, simulatedAwards: 4 });
  });

  it('refuses what the draft’s parks do not cover, and a case whose facts the draft’s item does not take', () => {
    const recorder = new Recorder();
    recorder.apply(
      '3',
      'qilu',
      '2021-03-01',
      { product: 'Entecavir', firstThreeInChina: false },
      { settledInDraftParks: false },
    );
    recorder.milestone('m1', 'cnas-accreditation', 'acv', '2021-04-01', {});
    recorder.apply('6', 'acv', '2021-05-01', { project: 'Boston R&D centre', expenses: '800000.00' });
    const elsewhere = draft((items, document) => {
      document.parks = ['01900000-0000-7000-8000-0000000000b2'];
      (itemOf(items, '6').facts as Json).country = 'text';
    });
    expect(changes(replay(elsewhere, { before: [], cases: recorder.cases }, period))).toEqual([
      ['a00001', '3', yuan('3,500,000.00'), 'refused', 0n, 'not settled on 2021-03-01 in a park the draft covers'],
      ['a00002', '5c', yuan('200,000.00'), 'refused', 0n, 'not settled on 2021-04-01 in a park the draft covers'],
      [
        'a00003',
        '6',
        yuan('800,000.00'),
        'refused',
        0n,
        "its facts do not fit the draft's item 6: facts.country is required by item 6",
      ],
    ]);
  });

  it('replays a year of 5,000 cases in well under a second', () => {
    const cases: RecordedCase[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      const enterprise = `e${i % 400}`;
      const [item, facts] =
        i % 3 === 0
          ? ['2a', { project: `P-${i}` }]
          : i % 3 === 1
            ? ['3', { product: `G-${i}`, firstThreeInChina: i % 7 === 0 }]
            : ['5d', { product: `D-${i}`, agency: 'FDA' }];
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + (i % 12)).padStart(2, '0');
      cases.push({
        awardId: `a${String(i).padStart(5, '0')}`,
        item,
        enterprise,
        awardOn: `2021-${month}-${day}`,
        facts,
        status: 'granted',
        granted: yuan('500,000.00'),
        recaptured: 0n,
        decidedBy: 'policy',
        milestoneId: null,
        milestone: null,
        settledInDraftParks: true,
      });
    }
    const lower = draft((items) => (itemOf(items, '3').rule.amount = '3000000.00'));
    const started = performance.now();
    const result = replay(lower, { before: [], cases }, period);
    const took = performance.now() - started;
    expect(result.counts.cases).toBe(5_000);
    expect(took).toBeLessThan(1_000);
  });
});
