import { serviceDataSource } from '@parkledger/platform';
import { type DataSource } from 'typeorm';
import { SCHEMA, type PolicyAwardsConfig } from '../config/policy-awards.config';
import { MIGRATIONS } from './migrations';

export const createDataSource = (config: PolicyAwardsConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
