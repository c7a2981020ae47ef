/**
 * The services of parkledger, their database roles and their ports: the one list that
 * the infra script, `npm start`, docker-compose's check and the Postgres init script use.
 */
export interface ServiceSpec {
  /** folder under services/ */
  name: string;
  /** database role and schema, the same name: only this role can write the schema */
  dbRole: string;
  /** HTTP port (REST for the gateway; health and metrics for the others) */
  httpPort: number;
}

export const SERVICES: readonly ServiceSpec[] = [
  { name: 'gateway', dbRole: 'gateway', httpPort: 3000 },
  { name: 'park-registry', dbRole: 'park_registry', httpPort: 3101 },
  { name: 'project-pipeline', dbRole: 'project_pipeline', httpPort: 3102 },
  { name: 'fund-ledger', dbRole: 'fund_ledger', httpPort: 3103 },
  { name: 'policy-awards', dbRole: 'policy_awards', httpPort: 3104 },
  { name: 'audit', dbRole: 'audit', httpPort: 3105 },
];

/** The development password of a service role; production passes its own in PG_PASSWORD. */
export const devPassword = (role: string): string => `${role}_dev`;
