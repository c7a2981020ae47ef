import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { databaseReadiness, kafkaReadiness, type IdempotentConsumer } from '@parkledger/messaging';
import { READINESS_CHECKS } from '@parkledger/platform';
import { DataSource } from 'typeorm';
import { type ServiceParts } from './service-main';

const SERVICE_PARTS = Symbol('SERVICE_PARTS');
const SERVICE_CONSUMERS = Symbol('SERVICE_CONSUMERS');

/** Starts the relay and the consumers with the service; stops them before the connections close. */
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_PARTS) private readonly parts: ServiceParts,
    @Inject(SERVICE_CONSUMERS) private readonly consumers: IdempotentConsumer[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.parts.relay.start();
    for (const consumer of this.consumers) await consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const consumer of this.consumers) await consumer.stop();
    await this.parts.relay.stop();
    await this.parts.pool.end();
    await this.parts.dataSource.destroy();
  }
}

/** What every service module provides: its DataSource, readiness of database and broker, and the messaging lifecycle. */
export function serviceProviders(parts: ServiceParts, consumers: IdempotentConsumer[] = []): Provider[] {
  return [
    { provide: DataSource, useValue: parts.dataSource },
    { provide: READINESS_CHECKS, useValue: [databaseReadiness(parts.pool), kafkaReadiness(parts.kafka)] },
    { provide: SERVICE_PARTS, useValue: parts },
    { provide: SERVICE_CONSUMERS, useValue: consumers },
    MessagingLifecycle,
  ];
}
