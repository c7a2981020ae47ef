import { jinan2019 } from '../testing/jinan-2019';
import { meets, triggeredFacts } from './trigger';

const item = (id: string) => {
  const found = jinan2019().items.find((candidate) => candidate.id === id);
  if (found?.trigger == null) throw new Error(`item ${id} has no trigger`);
  return { trigger: found.trigger, facts: Object.keys(found.facts) };
};

describe('a milestone as a trigger', () => {
  it('gives item 3 its first-three-in-China fact from the rank', () => {
    const { trigger, facts } = item('3');
    expect(triggeredFacts(trigger, facts, { product: 'Rosuvastatin', rankInChina: 2 })).toEqual({
      product: 'Rosuvastatin',
      firstThreeInChina: true,
    });
    expect(triggeredFacts(trigger, facts, { product: 'Rosuvastatin', rankInChina: 4 })).toEqual({
      product: 'Rosuvastatin',
      firstThreeInChina: false,
    });
  });

  it("is no case of the item when a condition fails: 1a is a Class 1 drug's, 2a a Class 1 or 2's", () => {
    const drug = item('1a');
    expect(triggeredFacts(drug.trigger, drug.facts, { product: 'X', drugClass: 2 })).toBeUndefined();
    expect(triggeredFacts(drug.trigger, drug.facts, { product: 'X', drugClass: 1 })).toEqual({ product: 'X' });
    const trial = item('2a');
    expect(triggeredFacts(trial.trigger, trial.facts, { project: 'P', drugClass: 2 })).toEqual({ project: 'P' });
    expect(triggeredFacts(trial.trigger, trial.facts, { project: 'P', drugClass: 3 })).toBeUndefined();
  });

  it('tests at most and at least on whole numbers only', () => {
    expect(meets({ fact: 'n', atMost: 3 }, { n: 3 })).toBe(true);
    expect(meets({ fact: 'n', atLeast: 3 }, { n: 2 })).toBe(false);
    expect(meets({ fact: 'n', atMost: 3 }, { n: '1' })).toBe(false);
  });

  it('refuses a milestone without a fact the trigger reads: a contract break, not a silent blank', () => {
    const { trigger, facts } = item('5d');
    expect(() => triggeredFacts(trigger, facts, { product: 'X' })).toThrow('no fact agency');
  });
});
