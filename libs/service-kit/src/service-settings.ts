import { databaseSettings, kafkaSettings, retentionSettings, runtimeSettings } from '@parkledger/platform';
import { callerTokenSettings } from './caller-token-config';

/** The settings every gRPC service reads before its own: runtime, database, broker, retention, caller tokens. */
export const serviceSettings = {
  ...runtimeSettings,
  ...databaseSettings,
  ...kafkaSettings,
  ...retentionSettings,
  ...callerTokenSettings,
};
