import { ConfigError } from '@parkledger/platform';
import { DEV_JWT_SECRET } from '../auth/dev-secret';
import { loadGatewayConfig } from './gateway.config';

const base = { HTTP_PORT: '3000', PG_USER: 'gateway', PG_PASSWORD: 'x', KAFKA_CLIENT_ID: 'gateway' };

describe('gateway config', () => {
  it('refuses to start in production without a JWT secret', () => {
    expect(() => loadGatewayConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      'JWT_SECRET is required in production',
    );
  });

  it('uses the configured secret in production and the development secret only outside it', () => {
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 's3cret' }).JWT_SECRET).toBe('s3cret');
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'development' }).JWT_SECRET).toBe(DEV_JWT_SECRET);
  });
});
