import { databaseSettings, env, kafkaSettings, loadConfig, runtimeSettings } from '@parkledger/platform';

export const gatewaySettings = {
  ...runtimeSettings,
  ...databaseSettings,
  ...kafkaSettings,
  HTTP_HOST: env.string('127.0.0.1'),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(gatewaySettings, source);
