import { serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA, type PolicyAwardsConfig } from '../config/policy-awards.config';
import { MIGRATIONS } from './migrations';

export const createDataSource = (config: PolicyAwardsConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
