import { generateKeyPairSync } from 'node:crypto';
import { type INestApplication, Module } from '@nestjs/common';
import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { HealthController, MetricsController } from '@parkledger/platform';
import { eventually, freshDatabase, type TestDatabase } from '@parkledger/testing';
import { DataSource } from 'typeorm';
import { runGrpcService } from '../src/service-main';
import { serviceProviders } from '../src/service-providers';

const SCHEMA = 'readiness_test';

describe('a service whose broker is unreachable', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    db = await freshDatabase('readiness');
    const admin = db.pool();
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.end();
    const { host, port, database, user, password } = db.config;
    const dataSource = new DataSource({
      type: 'postgres',
      host,
      port,
      database,
      username: user,
      password: typeof password === 'string' ? password : '',
      schema: SCHEMA,
      migrations: MESSAGING_MIGRATIONS,
    });
    app = await runGrpcService({
      service: 'park-registry',
      schema: SCHEMA,
      config: {
        LOG_LEVEL: 'silent',
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        HTTP_PORT: 0,
        HTTP_HOST: '127.0.0.1',
        GRPC_URL: '127.0.0.1:0',
        PG_HOST: host ?? '127.0.0.1',
        PG_PORT: port ?? 5433,
        PG_DATABASE: database ?? '',
        PG_USER: user ?? '',
        PG_PASSWORD: typeof password === 'string' ? password : '',
        KAFKA_BROKERS: ['127.0.0.1:1'], // nothing listens there
        KAFKA_CLIENT_ID: 'readiness-test',
        KAFKA_TOPIC_PREFIX: 'pltest.readiness.',
        OUTBOX_RETENTION_HOURS: 168,
        INBOX_RETENTION_HOURS: 192,
        IDEMPOTENCY_RETENTION_HOURS: 24,
        callerTokenKey: generateKeyPairSync('ed25519').publicKey,
      },
      dataSource,
      module: (parts) => {
        @Module({ controllers: [HealthController, MetricsController], providers: serviceProviders(parts) })
        class ReadinessTestModule {}
        return { module: ReadinessTestModule };
      },
    });
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  }, 60_000);

  it('is ready while its database answers', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('reports the broker, consumer lag, outbox age and dead letters as metrics', async () => {
    const scrape = async () => (await fetch(`${base}/metrics`)).text();
    await eventually('the broker reported down', async () =>
      /^parkledger_kafka_broker_up\{[^}]*\} 0$/m.test(await scrape()),
    );
    const metrics = await scrape();
    expect(metrics).toMatch(
      /^parkledger_outbox_oldest_unpublished_age_seconds\{[^}]*schema="readiness_test"[^}]*\} 0$/m,
    );
    expect(metrics).toContain('# TYPE parkledger_consumer_lag gauge');
    expect(metrics).toContain('# TYPE parkledger_dead_letters_total counter');
    expect(metrics).toContain('# TYPE parkledger_outbox_set_aside_total counter');
  });
});
