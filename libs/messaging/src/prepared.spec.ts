import { MOST_PREPARED, prepared, preparedName } from './prepared';

describe('prepared', () => {
  it('names a chosen statement once, and leaves the others unnamed', () => {
    const text = 'SELECT $1::int AS chosen';
    expect(prepared(text)).toBe(text);
    const name = preparedName(text);
    expect(name).toMatch(/^parkledger_\d+$/);
    prepared(text);
    expect(preparedName(text)).toBe(name);
    expect(preparedName('SELECT $1::int AS other')).toBeUndefined();
  });

  it(`names at most ${MOST_PREPARED} statements: a text made anew each time can't grow every connection's without end`, () => {
    const texts = Array.from({ length: MOST_PREPARED + 10 }, (_, n) => prepared(`SELECT ${n} AS made`));
    const names = texts.map(preparedName).filter((name) => name !== undefined);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(MOST_PREPARED);
    expect(preparedName(texts[0] as string)).toBeDefined();
    expect(preparedName(texts[texts.length - 1] as string)).toBeUndefined();
  });
});
