import { callerTokenKey, env, kafkaSettings, loadConfig, runtimeSettings } from '@parkledger/platform';
import { DEV_CALLER_TOKEN_PRIVATE_KEY } from '../auth/dev-caller-key';
import { configuredTokenKeys } from '../auth/token-keys';

export const gatewaySettings = {
  ...runtimeSettings,
  ...kafkaSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  /** the services' gRPC addresses: required outside development and test (see DEVELOPMENT_URLS) */
  PARK_REGISTRY_GRPC_URL: env.string(),
  PROJECT_PIPELINE_GRPC_URL: env.string(),
  FUND_LEDGER_GRPC_URL: env.string(),
  POLICY_AWARDS_GRPC_URL: env.string(),
  AUDIT_GRPC_URL: env.string(),
  /** bearer-token keys, exactly one (see configuredTokenKeys): an HS256 secret of 32 bytes or more, */
  JWT_SECRET: env.string(''),
  /** a PEM public key (RSA or Ed25519), */
  JWT_PUBLIC_KEY_FILE: env.string(''),
  /** or an identity provider's JWKS, keys chosen by kid; read once at start-up */
  JWT_JWKS_FILE: env.string(''),
  JWT_ISSUER: env.string('parkledger'),
  /** a token's aud must include it */
  JWT_AUDIENCE: env.string('parkledger-api'),
  /** the longest lifetime accepted (exp − iat, or exp − now without iat) */
  JWT_MAX_LIFETIME_SECONDS: env.int({ min: 60, max: 86_400, default: 3600 }),
  /** where a token's role, park scope and fund scope are: a claim name or a dotted path (e.g. realm_access.roles) */
  JWT_ROLE_CLAIM: env.string('role'),
  JWT_PARKS_CLAIM: env.string('parks'),
  JWT_FUNDS_CLAIM: env.string('funds'),
  JWT_POLICIES_CLAIM: env.string('policies'),
  /** proxy hops in front of the gateway whose X-Forwarded-For is believed (for the rate limit) */
  TRUSTED_PROXIES: env.int({ min: 0, max: 10, default: 0 }),
  /** origins allowed by CORS; none unless configured */
  CORS_ORIGINS: env.list([]),
  RATE_LIMIT_PER_MINUTE: env.int({ min: 1, max: 1_000_000, default: 1200 }),
  BODY_LIMIT_BYTES: env.int({ min: 1024, max: 10_485_760, default: 65_536 }),
  /**
   * the body limit of a fund's journal import (POST /funds/{id}/journal-imports): 1 MiB holds 1,000
   * entries of two postings and a short memo (~180 KB) with room; entries with many postings or long
   * memos need more
   */
  IMPORT_BODY_LIMIT_BYTES: env.int({ min: 1024, max: 10_485_760, default: 1_048_576 }),
  /**
   * what a client of the audit log's live tail may leave unread in the gateway (bytes written to its
   * connection that the kernel's socket buffer did not take); past it, the stream is ended with a
   * final event saying so, and the client resumes with Last-Event-ID
   */
  AUDIT_STREAM_BUFFER_BYTES: env.int({ min: 4096, max: 67_108_864, default: 1_048_576 }),
  /**
   * live tails one caller (a token's subject) may hold open at once; the one beyond is refused with
   * a 429 `audit-stream-limit` until one of them ends
   */
  AUDIT_STREAM_MAX_PER_CALLER: env.int({ min: 1, max: 10_000, default: 10 }),
  /** a comment line on a quiet live tail this often, so proxies keep the connection open */
  AUDIT_STREAM_HEARTBEAT_SECONDS: env.int({ min: 1, max: 300, default: 15 }),
  /** the gateway's own Ed25519 private key (PEM) that signs the caller tokens it sends the services; required in production */
  CALLER_TOKEN_PRIVATE_KEY: env.string(''),
};

/** Where the services listen locally; used only when NODE_ENV is development or test. */
const DEVELOPMENT_URLS = {
  PARK_REGISTRY_GRPC_URL: '127.0.0.1:50051',
  PROJECT_PIPELINE_GRPC_URL: '127.0.0.1:50052',
  FUND_LEDGER_GRPC_URL: '127.0.0.1:50053',
  POLICY_AWARDS_GRPC_URL: '127.0.0.1:50054',
  AUDIT_GRPC_URL: '127.0.0.1:50055',
};

function withDevelopmentUrls(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (source.NODE_ENV !== 'development' && source.NODE_ENV !== 'test') return source;
  const filled = { ...source };
  for (const [name, url] of Object.entries(DEVELOPMENT_URLS)) if ((filled[name] ?? '') === '') filled[name] = url;
  return filled;
}

function load(source: NodeJS.ProcessEnv) {
  const config = loadConfig(gatewaySettings, withDevelopmentUrls(source));
  return {
    ...config,
    JWT_KEYS: configuredTokenKeys(config),
    /** the key that signs caller tokens: the configured one, or in development and test the committed one */
    callerTokenKey: callerTokenKey(
      'private',
      'CALLER_TOKEN_PRIVATE_KEY',
      config.CALLER_TOKEN_PRIVATE_KEY,
      config.NODE_ENV,
      DEV_CALLER_TOKEN_PRIVATE_KEY,
    ),
  };
}

export type GatewayConfig = ReturnType<typeof load>;

export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env): GatewayConfig => load(source);
