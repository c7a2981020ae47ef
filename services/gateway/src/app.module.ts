import { type DynamicModule, Module } from '@nestjs/common';
import { createKafka, databaseReadiness, kafkaReadiness } from '@parkledger/messaging';
import { HealthController, MetricsController, READINESS_CHECKS } from '@parkledger/platform';
import { Pool } from 'pg';
import { type Logger } from 'pino';
import { type GatewayConfig } from './config/gateway.config';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    const pool = new Pool({
      host: config.PG_HOST,
      port: config.PG_PORT,
      database: config.PG_DATABASE,
      user: config.PG_USER,
      password: config.PG_PASSWORD,
      max: config.PG_POOL_SIZE,
    });
    pool.on('error', (error) => logger.warn({ err: error.message }, 'idle database connection failed'));
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Pool, useValue: pool },
        { provide: READINESS_CHECKS, useValue: [databaseReadiness(pool), kafkaReadiness(kafka)] },
      ],
    };
  }
}
