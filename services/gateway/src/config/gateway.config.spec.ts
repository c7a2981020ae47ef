import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@parkledger/platform';
import { DEV_JWT_SECRET } from '../auth/dev-secret';
import { secretKeys } from '../auth/token-keys';
import { loadGatewayConfig } from './gateway.config';

const withoutUrls = { HTTP_PORT: '3000', KAFKA_CLIENT_ID: 'gateway' };
const base = {
  ...withoutUrls,
  PARK_REGISTRY_GRPC_URL: 'park-registry:50051',
  PROJECT_PIPELINE_GRPC_URL: 'project-pipeline:50052',
  FUND_LEDGER_GRPC_URL: 'fund-ledger:50053',
  POLICY_AWARDS_GRPC_URL: 'policy-awards:50054',
  AUDIT_GRPC_URL: 'audit:50055',
};

describe('gateway config', () => {
  it.each([['production'], [undefined], ['staging']])(
    'refuses to start with NODE_ENV=%p without a key, naming JWT_SECRET and the rule',
    (NODE_ENV) => {
      expect(() => loadGatewayConfig({ ...base, NODE_ENV })).toThrow(ConfigError);
      expect(() => loadGatewayConfig({ ...base, NODE_ENV })).toThrow(
        'JWT_SECRET (at least 32 bytes), JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE is required unless NODE_ENV is development or test',
      );
    },
  );

  it('refuses a JWT_SECRET shorter than 32 bytes, in production and in development', () => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(() => loadGatewayConfig({ ...base, NODE_ENV, JWT_SECRET: 'x'.repeat(31) })).toThrow(
        'JWT_SECRET must be at least 32 bytes, got 31',
      );
    }
  });

  it('uses the configured secret anywhere, and the development secret only in development and test', () => {
    const secret = 's'.repeat(32);
    const CALLER_TOKEN_PRIVATE_KEY = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const production = { ...base, NODE_ENV: 'production', CALLER_TOKEN_PRIVATE_KEY };
    expect(loadGatewayConfig({ ...production, JWT_SECRET: secret }).JWT_KEYS).toEqual({
      source: 'secret',
      key: { algorithm: 'HS256', key: expect.anything() as unknown },
    });
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadGatewayConfig({ ...base, NODE_ENV }).JWT_KEYS).toEqual(secretKeys(DEV_JWT_SECRET));
    }
  });

  it('has defaults for the audience, the lifetime, the claims and the proxies', () => {
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'test' })).toMatchObject({
      JWT_AUDIENCE: 'parkledger-api',
      JWT_MAX_LIFETIME_SECONDS: 3600,
      JWT_ROLE_CLAIM: 'role',
      JWT_PARKS_CLAIM: 'parks',
      JWT_FUNDS_CLAIM: 'funds',
      JWT_POLICIES_CLAIM: 'policies',
      TRUSTED_PROXIES: 0,
    });
  });
});

describe('gateway config: the live tail', () => {
  it('holds at most 10 live tails open a caller unless told otherwise, and refuses a cap that is not a whole number from 1', () => {
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'test' }).AUDIT_STREAM_MAX_PER_CALLER).toBe(10);
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'test', AUDIT_STREAM_MAX_PER_CALLER: '100' })).toMatchObject({
      AUDIT_STREAM_MAX_PER_CALLER: 100,
    });
    for (const bad of ['0', '-1', '2.5', 'ten', '10001']) {
      expect(() => loadGatewayConfig({ ...base, NODE_ENV: 'test', AUDIT_STREAM_MAX_PER_CALLER: bad })).toThrow(
        `AUDIT_STREAM_MAX_PER_CALLER must be an integer between 1 and 10000, got "${bad}"`,
      );
    }
  });
});

describe('gateway config: service URLs', () => {
  it('refuses to start outside development and test without the services’ gRPC URLs', () => {
    for (const NODE_ENV of ['production', undefined, 'staging']) {
      expect(() => loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toThrow(/PARK_REGISTRY_GRPC_URL is required/);
      expect(() => loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toThrow(/PROJECT_PIPELINE_GRPC_URL is required/);
      expect(() => loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toThrow(/FUND_LEDGER_GRPC_URL is required/);
      expect(() => loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toThrow(/POLICY_AWARDS_GRPC_URL is required/);
      expect(() => loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toThrow(/AUDIT_GRPC_URL is required/);
    }
  });

  it('uses the local addresses in development and test unless told otherwise', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadGatewayConfig({ ...withoutUrls, NODE_ENV })).toMatchObject({
        PARK_REGISTRY_GRPC_URL: '127.0.0.1:50051',
        PROJECT_PIPELINE_GRPC_URL: '127.0.0.1:50052',
        FUND_LEDGER_GRPC_URL: '127.0.0.1:50053',
        POLICY_AWARDS_GRPC_URL: '127.0.0.1:50054',
        AUDIT_GRPC_URL: '127.0.0.1:50055',
      });
    }
    const configured = { ...withoutUrls, NODE_ENV: 'test', PROJECT_PIPELINE_GRPC_URL: 'pipeline:50052' };
    expect(loadGatewayConfig(configured).PROJECT_PIPELINE_GRPC_URL).toBe('pipeline:50052');
    const ledger = { ...withoutUrls, NODE_ENV: 'development', FUND_LEDGER_GRPC_URL: 'fund-ledger:50053' };
    expect(loadGatewayConfig(ledger).FUND_LEDGER_GRPC_URL).toBe('fund-ledger:50053');
  });
});

describe('gateway config: the caller-token key', () => {
  const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) };

  it('refuses to start in production without an Ed25519 private key, naming CALLER_TOKEN_PRIVATE_KEY', () => {
    expect(() => loadGatewayConfig(production)).toThrow('CALLER_TOKEN_PRIVATE_KEY is required in production');
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadGatewayConfig({ ...production, CALLER_TOKEN_PRIVATE_KEY: publicKey })).toThrow(
      'CALLER_TOKEN_PRIVATE_KEY must be an Ed25519 private key in PEM',
    );
  });

  it('signs with the development key only in development and test', () => {
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'test' }).callerTokenKey.asymmetricKeyType).toBe('ed25519');
  });
});
