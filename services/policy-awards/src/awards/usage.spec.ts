import { jinan2019, yuan } from '../testing/jinan-2019';
import { grantUsage, recaptureUsage, revokeUsage } from './usage';

const item = (id: string) => {
  const found = jinan2019().items.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
};
const shown = (changes: ReturnType<typeof grantUsage>) =>
  changes.map((c) => `${c.limit} ${c.key} ${c.delta}/${c.bound}`);

describe('what an award uses of its limits', () => {
  it('counts a grant once per count limit and its amount against each cap', () => {
    const award = { enterprise: 'qilu', awardOn: '2021-07-01', facts: { project: 'QL-1' }, tiers: [] };
    expect(shown(grantUsage(item('2a'), award, yuan('500,000')))).toEqual([
      'count:enterprise,project ["qilu","QL-1"] 1/1',
      'cap:enterprise,year ["qilu","2021"] 50000000/600000000',
    ]);
  });

  it('leaves a count alone where its exception holds: a first-three generic', () => {
    const first = {
      enterprise: 'qilu',
      awardOn: '2021-07-01',
      facts: { product: 'g', firstThreeInChina: true },
      tiers: [],
    };
    expect(shown(grantUsage(item('3'), first, yuan('4,000,000')))).toEqual([
      'count:enterprise,product ["qilu","g"] 1/1',
    ]);
  });

  it('uses one of each threshold a tiers rule paid', () => {
    const award = { enterprise: 'xuanzhu', awardOn: '2021-07-01', facts: { glpItems: 6 }, tiers: [3, 5] };
    expect(shown(grantUsage(item('5a'), award, yuan('3,000,000')))).toEqual([
      'tier:3 ["xuanzhu"] 1/1',
      'tier:5 ["xuanzhu"] 1/1',
    ]);
  });

  it('frees on a revocation everything the grant took, and on a recapture only its share of the caps', () => {
    const award = { enterprise: 'acv', awardOn: '2021-07-01', facts: { product: 'P1', agency: 'FDA' }, tiers: [] };
    expect(shown(revokeUsage(item('5d'), award, yuan('1,000,000')))).toEqual([
      'count:enterprise,product ["acv","P1"] -1/1',
      'cap:enterprise ["acv"] -100000000/500000000',
    ]);
    expect(shown(recaptureUsage(item('5d'), award, yuan('250,000')))).toEqual([
      'cap:enterprise ["acv"] -25000000/500000000',
    ]);
  });

  it('keeps keys apart whatever their values hold: no separator to collide on', () => {
    const key = (enterprise: string, project: string) =>
      grantUsage(item('2a'), { enterprise, awardOn: '2021-07-01', facts: { project }, tiers: [] }, 1n)[0]?.key;
    expect(key('a', 'b/c')).not.toBe(key('a/b', 'c'));
  });
});
