import { type ReadinessCheck } from '@parkledger/platform';
import { type Kafka } from 'kafkajs';

/** Anything that runs SQL: a pg Pool, a TypeORM DataSource. */
export function databaseReadiness(pool: { query(sql: string): Promise<unknown> }): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
}

export function kafkaReadiness(kafka: Kafka): ReadinessCheck {
  return {
    name: 'kafka',
    check: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    },
  };
}
