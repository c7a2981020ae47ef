import { env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';

export const fundLedgerSettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50053'),
  KAFKA_TOPIC_PREFIX: env.string(''),
  /**
   * Names the read models' consumer group (and its inbox key); empty means the topic prefix. A new
   * one on an empty database rebuilds the read models from offset 0 beside the running one.
   */
  KAFKA_GROUP_PREFIX: env.string(''),
};

export type FundLedgerConfig = ReturnType<typeof loadFundLedgerConfig>;

export const loadFundLedgerConfig = (source: NodeJS.ProcessEnv = process.env) =>
  withCallerTokenKey(loadConfig(fundLedgerSettings, source));

export const SCHEMA = 'fund_ledger';
