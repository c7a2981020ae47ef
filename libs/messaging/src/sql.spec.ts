import { backoffMs, ident, isTransientDatabaseError } from './sql';

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
