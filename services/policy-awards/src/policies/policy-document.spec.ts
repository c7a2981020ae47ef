import { DomainError } from '@parkledger/platform';
import { JINAN_PARK, jinanDocument } from '../testing/jinan-2019';
import { parsePolicyDocument } from './policy-document';

/** The problems a document gets, as "field rule", or 'ok'. */
function problems(document: unknown): string[] | 'ok' {
  try {
    parsePolicyDocument(document);
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.fields.map((problem) => `${problem.field} ${problem.rule}`);
  }
}

const jinan = (): Record<string, unknown> => ({ ...jinanDocument(), parks: [JINAN_PARK] });
/** The Jinan document with one item's JSON changed. */
const withItem = (id: string, change: (item: Record<string, unknown>) => Record<string, unknown>) => {
  const document = jinan();
  const items = (document.items as Record<string, unknown>[]).map((item) =>
    item.id === id ? change({ ...item }) : item,
  );
  return { ...document, items };
};

describe('a policy document', () => {
  it('reads the committed Jinan 2019 policy: every item 1a to 7, money in minor units', () => {
    const policy = parsePolicyDocument(jinan());
    expect(policy.items.map((item) => item.id)).toEqual([
      '1a',
      '1b',
      '1c',
      '1d',
      '2a',
      '2b',
      '2c',
      '3',
      '4a',
      '4b',
      '5a',
      '5b',
      '5c',
      '5d',
      '6',
      '7',
    ]);
    expect(policy.effectiveFrom).toBe('2019-12-11');
    expect(policy.items[0]?.rule).toEqual({ kind: 'fixed', amount: 2_000_000_000n, instead: [] });
    expect(policy.items[9]?.rule).toEqual({
      kind: 'percent-of-base',
      base: 'purchaseAmount',
      percent: 200_000n,
      cap: null,
    });
  });

  it('refuses the committed file as it is: the parks it covers are filled in when it is published', () => {
    expect(problems(jinanDocument())).toEqual(['parks size']);
  });

  it('refuses an unknown key, anywhere, with its path', () => {
    expect(problems({ ...jinan(), budget: '1.00' })).toEqual(['budget unknown-key']);
    expect(
      problems(withItem('1a', (item) => ({ ...item, rule: { kind: 'fixed', amount: '1.00', amout: '2.00' } }))),
    ).toEqual(['items[0].rule.amout unknown-key']);
  });

  it('refuses a misplaced key: a cap beside the rule, not in it or in a limit', () => {
    expect(problems(withItem('4b', (item) => ({ ...item, cap: '3000000.00' })))).toEqual(['items[9].cap unknown-key']);
    // a cap belongs to a percentage rule, not to a fixed one
    expect(
      problems(withItem('1a', (item) => ({ ...item, rule: { kind: 'fixed', amount: '1.00', cap: '2.00' } }))),
    ).toEqual(['items[0].rule.cap unknown-key']);
  });

  it('refuses a value of the wrong kind, naming the field and the rule', () => {
    expect(problems(withItem('1a', (item) => ({ ...item, rule: { kind: 'fixed', amount: 20000000 } })))).toEqual([
      'items[0].rule.amount money',
    ]);
    expect(problems({ ...jinan(), effectiveFrom: '2019-02-30' })).toEqual(['effectiveFrom date']);
    expect(problems({ ...jinan(), currency: 'RMB' })).toEqual(['currency currency']);
    expect(
      problems(withItem('3', (item) => ({ ...item, facts: { product: 'text', firstThreeInChina: 'yes' } }))),
    ).toEqual(['items[7].facts.firstThreeInChina one-of']);
  });

  it("refuses a rule or a limit that reads a fact the item doesn't declare, or of the wrong kind", () => {
    expect(problems(withItem('4b', (item) => ({ ...item, facts: { project: 'text', purchase: 'money' } })))).toEqual([
      'items[9].rule.base known-fact',
    ]);
    expect(
      problems(withItem('6', (item) => ({ ...item, limits: [{ kind: 'cap', per: ['expenses'], amount: '1.00' }] }))),
    ).toEqual(['items[14].limits[0].per[0] fact-kind']);
    expect(
      problems(
        withItem('3', (item) => ({
          ...item,
          limits: [{ kind: 'count', per: ['enterprise'], max: 3, except: { fact: 'firstThreeInChina', is: 'true' } }],
        })),
      ),
    ).toEqual(['items[7].limits[0].except.is kind']);
  });

  it('refuses tiers that do not rise, a range upside down, a percentage above 100 and a duplicated item id', () => {
    const tiers = {
      kind: 'tiers',
      count: 'glpItems',
      tiers: [
        { atLeast: 5, amount: '2.00' },
        { atLeast: 3, amount: '1.00' },
      ],
    };
    expect(problems(withItem('5a', (item) => ({ ...item, rule: tiers })))).toEqual([
      'items[10].rule.tiers[1].atLeast ascending',
    ]);
    const range = { kind: 'reviewer-set', amount: 'reviewedAmount', min: '5.00', max: '1.00' };
    expect(problems(withItem('1b', (item) => ({ ...item, rule: range })))).toEqual(['items[1].rule.max range']);
    const percent = { kind: 'percent-of-base', base: 'purchaseAmount', percent: '120' };
    expect(problems(withItem('4b', (item) => ({ ...item, rule: percent })))).toEqual(['items[9].rule.percent percent']);
    expect(problems(withItem('1b', (item) => ({ ...item, id: '1a' })))).toEqual(['items[1].id unique']);
    const twice = [
      { kind: 'count', per: ['enterprise'], max: 3 },
      { kind: 'count', per: ['enterprise'], max: 2 },
    ];
    expect(problems(withItem('5c', (item) => ({ ...item, limits: twice })))).toEqual([
      'items[12].limits[1] unique-limit',
    ]);
    // a name every object has is no fact the item declares
    const inherited = { kind: 'actual-expenses', expenses: 'toString' };
    expect(problems(withItem('6', (item) => ({ ...item, rule: inherited })))).toEqual([
      'items[14].rule.expenses known-fact',
    ]);
  });

  it('names every problem at once, and says how many in its message', () => {
    expect(() => parsePolicyDocument({ ...jinan(), budgetPerYear: '-1', notes: 7, extra: true })).toThrow(
      'the policy document is not valid: the document has no key "extra" (its keys: policy, title, effectiveFrom, currency, parks, budgetPerYear, items, notes) (and 2 more)',
    );
    expect(problems('a policy')).toEqual(['(document) type']);
  });

  it('reads the items a milestone triggers: the milestone, its conditions, the mode and where each fact comes from', () => {
    const policy = parsePolicyDocument(jinan());
    const triggered = policy.items.filter((item) => item.trigger !== null).map((item) => item.id);
    expect(triggered).toEqual(['1a', '1c', '2a', '2c', '3', '4a', '5a', '5b', '5c', '5d']);
    expect(policy.items.find((item) => item.id === '3')?.trigger).toEqual({
      milestone: 'consistency-evaluation',
      when: [],
      mode: 'grant',
      facts: { firstThreeInChina: { fact: 'rankInChina', atMost: 3 } },
    });
  });

  it.each([
    ['an unknown milestone', { milestone: 'patent', mode: 'grant' }, ['items[0].trigger.milestone one-of']],
    ['an unknown mode', { milestone: 'new-drug-approval', mode: 'auto' }, ['items[0].trigger.mode one-of']],
    [
      'a misplaced key',
      { milestone: 'new-drug-approval', mode: 'grant', amount: '1.00' },
      ['items[0].trigger.amount unknown-key'],
    ],
    [
      "a condition on a fact the milestone doesn't record",
      { milestone: 'new-drug-approval', mode: 'grant', when: [{ fact: 'rankInChina', is: 1 }] },
      ['items[0].trigger.when[0].fact milestone-fact'],
    ],
    [
      "a condition of the wrong kind for the milestone's fact",
      { milestone: 'new-drug-approval', mode: 'grant', when: [{ fact: 'drugClass', is: 'one' }] },
      ['items[0].trigger.when[0].is kind'],
    ],
    [
      'an unknown test in a condition',
      { milestone: 'new-drug-approval', mode: 'grant', when: [{ fact: 'drugClass', below: 2 }] },
      ['items[0].trigger.when[0].below unknown-key'],
    ],
    [
      "an item fact the milestone can't give",
      { milestone: 'cnas-accreditation', mode: 'grant' },
      ['items[0].trigger.facts.product required'],
    ],
    [
      'a fact taken from a milestone fact of another kind',
      { milestone: 'new-drug-approval', mode: 'grant', facts: { product: 'drugClass' } },
      ['items[0].trigger.facts.product fact-kind'],
    ],
  ])('refuses a trigger with %s, naming its path', (_, trigger, expected) => {
    expect(problems(withItem('1a', (item) => ({ ...item, trigger })))).toEqual(expected);
  });

  it('refuses a trigger on an item with a money fact: no milestone records an amount', () => {
    const trigger = { milestone: 'platform-approval', mode: 'confirm', facts: { project: 'platform' } };
    expect(problems(withItem('4b', (item) => ({ ...item, trigger })))).toEqual([
      'items[9].trigger.facts.purchaseAmount required',
    ]);
  });
});
