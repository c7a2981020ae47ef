import { type ConsumerDeclaration, serviceDataSource } from '@parkledger/service-kit';
import { type DataSource } from 'typeorm';
import { SCHEMA as AUDIT_SCHEMA } from '../../services/audit/src/config/audit.config';
import { CONSUMERS as AUDIT_CONSUMERS } from '../../services/audit/src/consumers';
import { MIGRATIONS as AUDIT_MIGRATIONS } from '../../services/audit/src/database/migrations';
import { SCHEMA as LEDGER_SCHEMA } from '../../services/fund-ledger/src/config/fund-ledger.config';
import { CONSUMERS as LEDGER_CONSUMERS } from '../../services/fund-ledger/src/consumers';
import { MIGRATIONS as LEDGER_MIGRATIONS } from '../../services/fund-ledger/src/database/migrations';
import { SCHEMA as REGISTRY_SCHEMA } from '../../services/park-registry/src/config/park-registry.config';
import { CONSUMERS as REGISTRY_CONSUMERS } from '../../services/park-registry/src/consumers';
import { MIGRATIONS as REGISTRY_MIGRATIONS } from '../../services/park-registry/src/database/data-source';
import { SCHEMA as AWARDS_SCHEMA } from '../../services/policy-awards/src/config/policy-awards.config';
import { CONSUMERS as AWARDS_CONSUMERS } from '../../services/policy-awards/src/consumers';
import { MIGRATIONS as AWARDS_MIGRATIONS } from '../../services/policy-awards/src/database/migrations';
import { SCHEMA as PIPELINE_SCHEMA } from '../../services/project-pipeline/src/config/project-pipeline.config';
import { CONSUMERS as PIPELINE_CONSUMERS } from '../../services/project-pipeline/src/consumers';
import { MIGRATIONS as PIPELINE_MIGRATIONS } from '../../services/project-pipeline/src/database/data-source';

/** Where a replay's rebuild (or a service's schema) lives: a database and a role that may create in it. */
export interface DatabaseLogin {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** A service whose consumers `npm run replay` knows: its schema, its migrations and its declared consumers. */
export interface ReplayedService {
  /** its folder under services/, the name `--service` takes */
  service: string;
  schema: string;
  /** the list its src/consumers.ts exports, which its main.ts starts */
  consumers: readonly ConsumerDeclaration[];
  /** a data source that migrates the service's schema in a database, as the service does at start-up */
  dataSource(login: DatabaseLogin): DataSource;
}

const service = (
  name: string,
  schema: string,
  consumers: readonly ConsumerDeclaration[],
  migrations: Parameters<typeof serviceDataSource>[2],
): ReplayedService => ({
  service: name,
  schema,
  consumers,
  dataSource: (login) =>
    serviceDataSource(
      {
        PG_HOST: login.host,
        PG_PORT: login.port,
        PG_DATABASE: login.database,
        PG_USER: login.user,
        PG_PASSWORD: login.password,
        PG_POOL_SIZE: 2,
      },
      schema,
      migrations,
    ),
});

/**
 * Every service that consumes other services' events (the gateway consumes none), each with the
 * consumers it declares: scripts/replay/replay-decisions.spec.ts fails when a service starts
 * consumers and is missing here.
 */
export const REPLAYED_SERVICES: readonly ReplayedService[] = [
  service('park-registry', REGISTRY_SCHEMA, REGISTRY_CONSUMERS, REGISTRY_MIGRATIONS),
  service('project-pipeline', PIPELINE_SCHEMA, PIPELINE_CONSUMERS, PIPELINE_MIGRATIONS),
  service('fund-ledger', LEDGER_SCHEMA, LEDGER_CONSUMERS, LEDGER_MIGRATIONS),
  service('policy-awards', AWARDS_SCHEMA, AWARDS_CONSUMERS, AWARDS_MIGRATIONS),
  service('audit', AUDIT_SCHEMA, AUDIT_CONSUMERS, AUDIT_MIGRATIONS),
];
