import { type ReadinessCheck } from '@parkledger/platform';
import { type Kafka } from 'kafkajs';
import { type Pool } from 'pg';

export function databaseReadiness(pool: Pool): ReadinessCheck {
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
