import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { serviceDataSource } from '@parkledger/platform';
import { type DataSource } from 'typeorm';
import { SCHEMA, type ProjectPipelineConfig } from '../config/project-pipeline.config';
import { CreatePipelineTables1763830000000 } from './migrations/1763830000000-create-pipeline-tables';

export const MIGRATIONS = [...MESSAGING_MIGRATIONS, CreatePipelineTables1763830000000];

export const createDataSource = (config: ProjectPipelineConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
