import { databaseSettings, env, kafkaSettings, loadConfig, runtimeSettings } from '@parkledger/platform';

export const projectPipelineSettings = {
  ...runtimeSettings,
  ...databaseSettings,
  ...kafkaSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50052'),
  KAFKA_TOPIC_PREFIX: env.string(''),
};

export type ProjectPipelineConfig = ReturnType<typeof loadProjectPipelineConfig>;

export const loadProjectPipelineConfig = (source: NodeJS.ProcessEnv = process.env) =>
  loadConfig(projectPipelineSettings, source);

export const SCHEMA = 'project_pipeline';
