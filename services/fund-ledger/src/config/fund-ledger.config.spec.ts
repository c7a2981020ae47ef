import { loadFundLedgerConfig } from './fund-ledger.config';

const base = { HTTP_PORT: '3103', PG_USER: 'fund_ledger', PG_PASSWORD: 'x', KAFKA_CLIENT_ID: 'fund-ledger' };

describe('fund ledger config', () => {
  it('listens on 127.0.0.1 only unless told otherwise', () => {
    expect(loadFundLedgerConfig({ ...base, NODE_ENV: 'development' })).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      GRPC_URL: '127.0.0.1:50053',
    });
  });

  it('refuses to start in production without the gateway’s public key, naming CALLER_TOKEN_PUBLIC_KEY', () => {
    expect(() => loadFundLedgerConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      'CALLER_TOKEN_PUBLIC_KEY is required in production',
    );
  });
});
