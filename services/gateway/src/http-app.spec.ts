// The gateway keeps no database: its modules must not load TypeORM (394 modules, ~8 MB of heap in a
// process of its own; B6). It came in once through @parkledger/platform's index.
jest.mock('typeorm', () => {
  throw new Error('the gateway loaded TypeORM');
});

describe('the gateway’s modules', () => {
  it('do not load TypeORM', () => {
    expect(() => jest.requireActual<typeof import('./http-app')>('./http-app')).not.toThrow();
  });
});
