import { env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';

export const parkRegistrySettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  /** where the gRPC server listens for the gateway */
  GRPC_URL: env.string('127.0.0.1:50051'),
  /** put before every topic name; empty in production */
  KAFKA_TOPIC_PREFIX: env.string(''),
  /**
   * Names the project-references consumer group (and its inbox key); empty means the topic prefix.
   * A new one on an empty database rebuilds the read model from offset 0.
   */
  KAFKA_GROUP_PREFIX: env.string(''),
};

export type ParkRegistryConfig = ReturnType<typeof loadParkRegistryConfig>;

export const loadParkRegistryConfig = (source: NodeJS.ProcessEnv = process.env) =>
  withCallerTokenKey(loadConfig(parkRegistrySettings, source));

/** The schema the service owns; its database role has the same name. */
export const SCHEMA = 'park_registry';
