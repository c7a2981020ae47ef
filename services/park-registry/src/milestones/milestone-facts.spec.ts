import { MILESTONE_KINDS, type MilestoneKind } from '@parkledger/contracts';
import { GOOD_FACTS as GOOD } from '../testing/milestone-facts';
import { orderedFacts, readMilestoneFacts } from './milestone-facts';

const read = (kind: MilestoneKind, facts: unknown) => readMilestoneFacts(kind, JSON.stringify(facts));
/** The problems as `field: rule`. */
const refused = (kind: MilestoneKind, facts: unknown) => read(kind, facts).problems.map((p) => `${p.field}: ${p.rule}`);

describe("a milestone's facts", () => {
  it.each(MILESTONE_KINDS)('takes good facts of %s, in the order the kind declares them', (kind) => {
    const reversed = Object.fromEntries(Object.entries(GOOD[kind]).reverse());
    const { facts, problems } = read(kind, reversed);
    expect(problems).toEqual([]);
    expect(JSON.stringify(facts)).toBe(JSON.stringify(GOOD[kind]));
  });

  it('refuses an unknown fact, naming it and the kind', () => {
    const { problems } = read('new-drug-approval', { ...GOOD['new-drug-approval'], foo: 'bar' });
    expect(problems).toEqual([
      {
        field: 'facts.foo',
        rule: 'known-fact',
        message: 'facts.foo: not a fact of new-drug-approval (its facts: product, drugClass)',
      },
    ]);
    expect(refused('cnas-accreditation', { product: 'x' })).toEqual(['facts.product: known-fact']);
  });

  it("refuses a name that is an object's own property but no fact", () => {
    expect(refused('glp-items', { glpItems: 3, constructor: 1, toString: 'x' })).toEqual([
      'facts.constructor: known-fact',
      'facts.toString: known-fact',
    ]);
    expect(readMilestoneFacts('glp-items', '{"glpItems":3,"__proto__":{"x":1}}').problems).toMatchObject([
      { field: 'facts.__proto__', rule: 'known-fact' },
    ]);
  });

  it('refuses a missing fact, each by its path', () => {
    expect(refused('device-registration', { product: 'PET-CT scanner', deviceClass: 3 })).toEqual([
      'facts.innovative: required',
      'facts.ivd: required',
    ]);
    expect(read('gcp-discipline', {}).problems[0]?.message).toBe('facts.discipline: required for gcp-discipline');
  });

  it('refuses a fact of the wrong type', () => {
    expect(refused('new-drug-approval', { product: 1, drugClass: '1' })).toEqual([
      'facts.product: text',
      'facts.drugClass: integer',
    ]);
    expect(refused('device-registration', { product: 'x', deviceClass: 3, innovative: 'yes', ivd: 0 })).toEqual([
      'facts.innovative: boolean',
      'facts.ivd: boolean',
    ]);
    expect(refused('gcp-discipline', { discipline: null })).toEqual(['facts.discipline: text']);
  });

  it('takes text that is not blank and at most 200 characters, and whole numbers from 1', () => {
    expect(refused('gcp-discipline', { discipline: '   ' })).toEqual(['facts.discipline: text']);
    expect(refused('gcp-discipline', { discipline: '肿'.repeat(200) })).toEqual([]);
    expect(refused('gcp-discipline', { discipline: '肿'.repeat(201) })).toEqual(['facts.discipline: text']);
    for (const glpItems of [0, -1, 1.5, 2 ** 53]) {
      expect(refused('glp-items', { glpItems })).toEqual(['facts.glpItems: integer']);
    }
    expect(read('glp-items', { glpItems: 0 }).problems[0]?.message).toBe(
      'facts.glpItems: must be a whole number from 1',
    );
  });

  it('takes only the listed words', () => {
    expect(refused('international-approval', { product: 'x', agency: 'NMPA' })).toEqual(['facts.agency: one-of']);
    expect(refused('international-approval', { product: 'x', agency: 'fda' })).toEqual(['facts.agency: one-of']);
    expect(read('platform-approval', { platform: 'x', level: 'municipal' }).problems[0]?.message).toBe(
      'facts.level: must be one of national, provincial',
    );
  });

  it('refuses facts that are not a JSON object', () => {
    for (const text of ['', 'not json', '[]', 'null', '"text"', '1']) {
      expect(readMilestoneFacts('cnas-accreditation', text).problems).toEqual([
        {
          field: 'facts',
          rule: 'json-object',
          message: 'facts must be a JSON object of the facts of cnas-accreditation (none)',
        },
      ]);
    }
  });

  it('gives stored facts back in the declared order', () => {
    expect(
      JSON.stringify(
        orderedFacts('device-registration', { ivd: false, innovative: true, deviceClass: 3, product: 'p' }),
      ),
    ).toBe('{"product":"p","deviceClass":3,"innovative":true,"ivd":false}');
  });
});
