import { ConfigError, databaseSettings, env, kafkaSettings, loadConfig, runtimeSettings } from '@parkledger/platform';
import { DEV_JWT_SECRET } from '../auth/dev-secret';

export const gatewaySettings = {
  ...runtimeSettings,
  ...databaseSettings,
  ...kafkaSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  PARK_REGISTRY_GRPC_URL: env.string('127.0.0.1:50051'),
  PROJECT_PIPELINE_GRPC_URL: env.string('127.0.0.1:50052'),
  /** HS256 secret that signs and verifies bearer tokens; required in production */
  JWT_SECRET: env.string(''),
  JWT_ISSUER: env.string('parkledger'),
  /** origins allowed by CORS; none unless configured */
  CORS_ORIGINS: env.list([]),
  RATE_LIMIT_PER_MINUTE: env.int({ min: 1, max: 1_000_000, default: 1200 }),
  BODY_LIMIT_BYTES: env.int({ min: 1024, max: 10_485_760, default: 65_536 }),
};

function load(source: NodeJS.ProcessEnv) {
  const config = loadConfig(gatewaySettings, source);
  if (config.JWT_SECRET !== '') return config;
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(['JWT_SECRET is required in production (the development secret is never used there)']);
  }
  return { ...config, JWT_SECRET: DEV_JWT_SECRET };
}

export type GatewayConfig = ReturnType<typeof load>;

export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env): GatewayConfig => load(source);
