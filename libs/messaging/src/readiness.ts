import { type ReadinessCheck } from '@parkledger/platform';

/**
 * Readiness is the database only: with the broker away a service still takes writes (its outbox
 * holds the events), so the broker is reported by metrics (parkledger_kafka_broker_up), never here.
 * Anything that runs SQL: a pg Pool, a TypeORM DataSource.
 */
export function databaseReadiness(pool: { query(sql: string): Promise<unknown> }): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
}
