import { env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';

export const fundLedgerSettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50053'),
  KAFKA_TOPIC_PREFIX: env.string(''),
  /**
   * Names the consumers' groups (and their inbox keys): the read models' and the policy budget
   * books'; empty means the topic prefix. A new one on an empty database rebuilds them from offset 0
   * beside the running one (and on the same database posts no award event twice: an entry's source
   * event is unique).
   */
  KAFKA_GROUP_PREFIX: env.string(''),
};

export type FundLedgerConfig = ReturnType<typeof loadFundLedgerConfig>;

export const loadFundLedgerConfig = (source: NodeJS.ProcessEnv = process.env) =>
  withCallerTokenKey(loadConfig(fundLedgerSettings, source));

export const SCHEMA = 'fund_ledger';
