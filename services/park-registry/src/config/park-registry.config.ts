import { databaseSettings, env, kafkaSettings, loadConfig, runtimeSettings } from '@parkledger/platform';

export const parkRegistrySettings = {
  ...runtimeSettings,
  ...databaseSettings,
  ...kafkaSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  /** where the gRPC server listens for the gateway */
  GRPC_URL: env.string('127.0.0.1:50051'),
  /** put before every topic name; empty in production */
  KAFKA_TOPIC_PREFIX: env.string(''),
};

export type ParkRegistryConfig = ReturnType<typeof loadParkRegistryConfig>;

export const loadParkRegistryConfig = (source: NodeJS.ProcessEnv = process.env) =>
  loadConfig(parkRegistrySettings, source);

/** The schema the service owns; its database role has the same name. */
export const SCHEMA = 'park_registry';
