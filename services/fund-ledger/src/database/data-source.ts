import { serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA, type FundLedgerConfig } from '../config/fund-ledger.config';
import { MIGRATIONS } from './migrations';

export const createDataSource = (config: FundLedgerConfig, schema: string = SCHEMA): DataSource =>
  serviceDataSource(config, schema, MIGRATIONS);
