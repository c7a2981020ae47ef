import { serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA, type AuditConfig } from '../config/audit.config';
import { MIGRATIONS } from './migrations';

export const createDataSource = (config: AuditConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
