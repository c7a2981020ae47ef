import { assertChildrenFit, assertNoCycle, assertRemovable, parseArea } from './park-hierarchy';
import { ParkError, ParkErrorCode } from './park.errors';

const node = (name: string, km2?: string) => ({ name, plannedArea: km2 === undefined ? undefined : parseArea(km2) });

function caught(fn: () => void): ParkError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParkError) return error;
    throw error;
  }
  throw new Error('expected a ParkError');
}

describe('the area rule', () => {
  const city = node('Jinan Life Science City', '53.8');

  it('accepts children that fill the parent exactly: 21.6 + 32.2 = 53.8', () => {
    expect(() =>
      assertChildrenFit(city, [node('industrial cluster area', '21.6'), node('medical service area', '32.2')]),
    ).not.toThrow();
  });

  it('refuses children that exceed the parent, naming the numbers', () => {
    const error = caught(() =>
      assertChildrenFit(city, [node('industrial cluster area', '21.6'), node('medical service area', '32.3')]),
    );
    expect(error.code).toBe(ParkErrorCode.AreaExceedsParent);
    expect(error.message).toBe(
      "the planned areas of Jinan Life Science City's children add up to 53.9 km² (industrial cluster area 21.6 + medical service area 32.3), more than its 53.8 km²",
    );
    expect(error.toProblem().status).toBe(422);
  });

  it('counts only children with an area, and lets a parent without one hold anything', () => {
    expect(() => assertChildrenFit(city, [node('zone A', '53.8'), node('zone B')])).not.toThrow();
    expect(() => assertChildrenFit(node('Heze'), [node('port', '999')])).not.toThrow();
  });
});

describe('cycle detection', () => {
  // jinan-hz → life-city → cluster; heze is a separate root
  const parents: Record<string, string | null> = {
    'jinan-hz': null,
    'life-city': 'jinan-hz',
    cluster: 'life-city',
    heze: null,
  };
  const parentOf = (id: string): string | null => parents[id] ?? null;

  it('allows a move to another branch or to the root', () => {
    expect(() => assertNoCycle('life-city', 'heze', parentOf)).not.toThrow();
    expect(() => assertNoCycle('cluster', null, parentOf)).not.toThrow();
  });

  it.each([
    ['under itself', 'life-city', 'life-city'],
    ['under its child', 'life-city', 'cluster'],
    ['under its grandchild', 'jinan-hz', 'cluster'],
  ])('refuses a move %s', (_, park, newParent) => {
    const error = caught(() => assertNoCycle(park, newParent, parentOf));
    expect(error.code).toBe(ParkErrorCode.Cycle);
    expect(error.fields[0]).toMatchObject({ field: 'parentId', rule: 'no-cycle' });
  });

  it('stops on a hierarchy that is already broken instead of looping', () => {
    const broken = (id: string): string | null => (id === 'a' ? 'b' : 'a');
    expect(() => assertNoCycle('x', 'a', broken)).toThrow('the stored hierarchy already has a cycle');
  });
});

describe('removal', () => {
  it('refuses a park that anything referred to with 409, pointing at retirement', () => {
    const error = caught(() =>
      assertRemovable({ id: 'p', name: 'Heze Modern Medical Port' }, ['child-park', 'project']),
    );
    expect(error.code).toBe(ParkErrorCode.Referenced);
    expect(error.message).toBe(
      'Heze Modern Medical Port has been referred to (by a child park, a project) and stays on record; retire it instead: POST /parks/p/retire with its effectiveDate',
    );
    expect(error.toProblem().status).toBe(409);
    expect(() => assertRemovable({ id: 'leaf', name: 'leaf' }, [])).not.toThrow();
  });
});

describe('the area rule for a caller who cannot see the parent', () => {
  it('gives only the totals, naming neither the parent nor the siblings', () => {
    const error = caught(() =>
      assertChildrenFit(node('Secret City', '10'), [node('mine', '6.5'), node('Hidden Sibling', '6')], false),
    );
    expect(error.code).toBe(ParkErrorCode.AreaExceedsParent);
    expect(error.message).toBe('the children of the parent park would plan 12.5 km² in total, more than its 10 km²');
    expect(error.fields[0]).toMatchObject({ field: 'plannedAreaKm2', rule: 'children-within-parent' });
  });
});
