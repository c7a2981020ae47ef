import { env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';

export const policyAwardsSettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50054'),
  KAFKA_TOPIC_PREFIX: env.string(''),
  /**
   * Names the read model's consumer group (and its inbox key); empty means the topic prefix. A new
   * one on an empty database rebuilds the read model from offset 0 beside the running one.
   */
  KAFKA_GROUP_PREFIX: env.string(''),
};

export type PolicyAwardsConfig = ReturnType<typeof loadPolicyAwardsConfig>;

export const loadPolicyAwardsConfig = (source: NodeJS.ProcessEnv = process.env) =>
  withCallerTokenKey(loadConfig(policyAwardsSettings, source));

export const SCHEMA = 'policy_awards';
