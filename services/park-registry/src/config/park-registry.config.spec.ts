import { loadParkRegistryConfig } from './park-registry.config';

const base = { HTTP_PORT: '3101', PG_USER: 'park_registry', PG_PASSWORD: 'x', KAFKA_CLIENT_ID: 'park-registry' };

describe('park registry config', () => {
  it('listens on 127.0.0.1 only unless told otherwise', () => {
    expect(loadParkRegistryConfig({ ...base, NODE_ENV: 'development' })).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      GRPC_URL: '127.0.0.1:50051',
    });
  });

  it('refuses to start in production without the gateway’s public key, naming CALLER_TOKEN_PUBLIC_KEY', () => {
    expect(() => loadParkRegistryConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      'CALLER_TOKEN_PUBLIC_KEY is required in production',
    );
    expect(() =>
      loadParkRegistryConfig({ ...base, NODE_ENV: 'production', CALLER_TOKEN_PUBLIC_KEY: 'not a key' }),
    ).toThrow('CALLER_TOKEN_PUBLIC_KEY must be an Ed25519 public key in PEM');
  });
});
