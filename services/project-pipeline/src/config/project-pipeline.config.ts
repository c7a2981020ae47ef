import { env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';

export const projectPipelineSettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50052'),
  KAFKA_TOPIC_PREFIX: env.string(''),
  /**
   * Prefixes the read models' consumer groups (and their inbox keys); empty means the topic prefix.
   * A new one on an empty database rebuilds the read models from offset 0 beside the running ones.
   */
  KAFKA_GROUP_PREFIX: env.string(''),
};

export type ProjectPipelineConfig = ReturnType<typeof loadProjectPipelineConfig>;

export const loadProjectPipelineConfig = (source: NodeJS.ProcessEnv = process.env) =>
  withCallerTokenKey(loadConfig(projectPipelineSettings, source));

export const SCHEMA = 'project_pipeline';
