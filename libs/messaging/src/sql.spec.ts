import { prepared, preparedName } from './prepared';
import { asOneStatement, backoffMs, ident, isTransientDatabaseError } from './sql';

describe('isTransientDatabaseError', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['connection failure', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
  ])('waits out %s', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a handler bug', new TypeError('cannot read properties of undefined')],
    ['not an error at all', 'oops'],
  ])('counts %s against the retry budget', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});

describe('backoffMs', () => {
  it('grows from about 100 ms and stays under the cap', () => {
    expect(backoffMs(0)).toBeGreaterThanOrEqual(50);
    expect(backoffMs(0)).toBeLessThanOrEqual(100);
    for (let attempt = 0; attempt < 40; attempt += 1) expect(backoffMs(attempt, 5000)).toBeLessThanOrEqual(5000);
    expect(backoffMs(30, 5000)).toBeGreaterThanOrEqual(2500);
  });
});

describe('ident', () => {
  it('quotes plain identifiers and refuses anything else', () => {
    expect(ident('park_registry')).toBe('"park_registry"');
    expect(() => ident('x"; DROP TABLE y; --')).toThrow('not a plain SQL identifier');
  });
});

describe('asOneStatement', () => {
  it('makes each statement a WITH query and renumbers the placeholders after the ones before it', () => {
    expect(
      asOneStatement([
        { text: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['x', 'y'] },
        { text: 'UPDATE b SET z = $2 WHERE id = $1 AND w = $1', params: [7, 'z'] },
        { text: 'DELETE FROM c WHERE id = $1', params: [10] },
      ]),
    ).toEqual({
      text: [
        'WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2)),',
        'w1 AS (UPDATE b SET z = $4 WHERE id = $3 AND w = $3),',
        'w2 AS (DELETE FROM c WHERE id = $5)',
        'SELECT 1',
      ].join('\n'),
      params: ['x', 'y', 7, 'z', 10],
    });
  });

  it('refuses what it cannot join: nothing, a query that changes nothing, a stray placeholder, a semicolon', () => {
    expect(() => asOneStatement([])).toThrow('no statements');
    expect(() => asOneStatement([{ text: 'SELECT pg_advisory_xact_lock($1)', params: [1] }])).toThrow(
      'not one INSERT, UPDATE or DELETE',
    );
    expect(() => asOneStatement([{ text: 'INSERT INTO a VALUES ($1, $2)', params: [1] }])).toThrow(
      '$2 but 1 parameters',
    );
    expect(() => asOneStatement([{ text: 'DELETE FROM a;', params: [] }])).toThrow('not one INSERT, UPDATE or DELETE');
  });

  it('refuses two outbox inserts: the rows of data-modifying WITH queries are numbered in no set order', () => {
    const outbox = (n: number) => ({
      text: `INSERT INTO "awards".outbox (event_id) SELECT * FROM unnest($1::uuid[])`,
      params: [[n]],
    });
    expect(() => asOneStatement([outbox(1), { text: 'UPDATE b SET z = 1', params: [] }, outbox(2)])).toThrow(
      'append every event in one outbox statement',
    );
    expect(() => asOneStatement([outbox(1), { text: 'UPDATE b SET z = 1', params: [] }])).not.toThrow();
  });

  it('leaves a single statement as it is', () => {
    const one = { text: 'INSERT INTO a VALUES ($1)', params: [1] };
    expect(asOneStatement([one])).toBe(one);
  });

  it('is chosen to be prepared when every statement in it is, and not otherwise', () => {
    const chosen = { text: prepared('INSERT INTO c VALUES ($1)'), params: [1] };
    const other = { text: 'UPDATE d SET e = $1', params: [2] };
    expect(preparedName(asOneStatement([chosen, { ...chosen, params: [3] }]).text)).toBeDefined();
    expect(preparedName(asOneStatement([chosen, other]).text)).toBeUndefined();
  });

  it('renumbers two-digit placeholders whole', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => i);
    const text = asOneStatement([
      { text: 'INSERT INTO a VALUES ($1)', params: [0] },
      { text: `INSERT INTO b VALUES (${eleven.map((i) => `$${i + 1}`).join(', ')})`, params: eleven },
    ]).text;
    expect(text).toContain('($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)');
  });
});
