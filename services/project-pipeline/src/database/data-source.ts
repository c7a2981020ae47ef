import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA, type ProjectPipelineConfig } from '../config/project-pipeline.config';
import { CreatePipelineTables1763830000000 } from './migrations/1763830000000-create-pipeline-tables';
import { AddRequestFingerprint1764400000000 } from './migrations/1764400000000-add-request-fingerprint';
import { AddKnownParkRetirement1764500000000 } from './migrations/1764500000000-add-known-park-retirement';
import { CreatePublicSupport1766200000000 } from './migrations/1766200000000-create-public-support';

export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreatePipelineTables1763830000000,
  AddRequestFingerprint1764400000000,
  AddKnownParkRetirement1764500000000,
  CreatePublicSupport1766200000000,
];

export const createDataSource = (config: ProjectPipelineConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
