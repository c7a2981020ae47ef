import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA, type ParkRegistryConfig } from '../config/park-registry.config';
import { CreateRegistryTables1763800000000 } from './migrations/1763800000000-create-registry-tables';
import { CreateProcessedRequests1763820000000 } from './migrations/1763820000000-create-processed-requests';
import { AddRequestFingerprint1764400000000 } from './migrations/1764400000000-add-request-fingerprint';
import { RetireParks1764500000000 } from './migrations/1764500000000-retire-parks';
import { AddReturneeFounded1765500000000 } from './migrations/1765500000000-add-returnee-founded';
import { CreateEnterpriseMilestones1766100000000 } from './migrations/1766100000000-create-enterprise-milestones';
import { MilestoneProject1766300000000 } from './migrations/1766300000000-milestone-project';

export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateRegistryTables1763800000000,
  CreateProcessedRequests1763820000000,
  AddRequestFingerprint1764400000000,
  RetireParks1764500000000,
  AddReturneeFounded1765500000000,
  CreateEnterpriseMilestones1766100000000,
  MilestoneProject1766300000000,
];

export const createDataSource = (config: ParkRegistryConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
