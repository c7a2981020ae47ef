import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { backoffMs, databaseReadiness, ensureTopics, sleep } from '@parkledger/messaging';
import { READINESS_CHECKS, shutdownTracing } from '@parkledger/platform';
import { DataSource } from 'typeorm';
import { CallContextInterceptor } from './call-context.interceptor';
import { CALLER_TOKEN_VERIFICATION, CallerTokenGuard } from './caller-token.guard';
import { type ServiceParts } from './service-main';

/** What the lifecycle starts once the broker answers, and stops first: an IdempotentConsumer, or a reader of its own. */
export interface StartableConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const SERVICE_PARTS = Symbol('SERVICE_PARTS');
const SERVICE_CONSUMERS = Symbol('SERVICE_CONSUMERS');

/**
 * Starts the broker monitor and the pruner with the service, then, once the broker answers, creates
 * the topics and starts the relay and the consumers; stops them before the connections close.
 */
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(SERVICE_PARTS) private readonly parts: ServiceParts,
    @Inject(SERVICE_CONSUMERS) private readonly consumers: StartableConsumer[],
  ) {}

  onApplicationBootstrap(): void {
    this.parts.brokerMonitor.start();
    this.parts.pruner.start();
    // in the background: a service with its database but not its broker is ready; the outbox holds its events
    this.starting = this.startMessaging();
  }

  private async startMessaging(): Promise<void> {
    await this.untilDone('creating topics', () => ensureTopics(this.parts.kafka, this.parts.topics));
    if (this.stopped) return;
    this.parts.relay.start();
    for (const consumer of this.consumers) {
      await this.untilDone('starting a consumer', async () => {
        try {
          await consumer.start();
        } catch (error) {
          await consumer.stop().catch(() => undefined);
          throw error;
        }
      });
    }
  }

  /** Tries `step` until it succeeds or the service stops, with backoff while the broker is away. */
  private async untilDone(what: string, step: () => Promise<void>): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        await step();
        return;
      } catch (error) {
        const retryInMs = backoffMs(attempt, 5000);
        this.parts.logger.warn(
          { err: error instanceof Error ? error.message : String(error), retryInMs },
          `${what} failed, the broker may be away; will retry`,
        );
        await sleep(retryInMs);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.parts.pruner.stop();
    await this.parts.brokerMonitor.stop();
    // together: each waits for its fetch in flight to come back; one that fails does not stop the rest
    const stopped = await Promise.allSettled(this.consumers.map((consumer) => consumer.stop()));
    for (const outcome of stopped) {
      if (outcome.status === 'rejected')
        this.parts.logger.warn(
          { err: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) },
          'a consumer did not stop cleanly',
        );
    }
    await this.parts.relay.stop();
    await this.parts.publisher.close(); // its producer's connection would keep the process alive
    await this.parts.pool.end();
    await this.parts.dataSource.destroy();
    await shutdownTracing(); // last: the spans of the consumers' last batches go too
  }
}

/**
 * What every service module provides: its DataSource, readiness (the database only: the broker's
 * health, consumer lag, outbox age and dead letters are metrics), and the messaging lifecycle.
 */
export function serviceProviders(parts: ServiceParts, consumers: StartableConsumer[] = []): Provider[] {
  return [
    { provide: DataSource, useValue: parts.dataSource },
    { provide: READINESS_CHECKS, useValue: [databaseReadiness(parts.pool)] },
    { provide: SERVICE_PARTS, useValue: parts },
    { provide: SERVICE_CONSUMERS, useValue: consumers },
    MessagingLifecycle,
    // every gRPC call is refused unless it carries a caller token this service verifies
    { provide: CALLER_TOKEN_VERIFICATION, useValue: parts.callerToken },
    { provide: APP_GUARD, useClass: CallerTokenGuard },
    // then each runs in the caller's correlation id and trace
    { provide: APP_INTERCEPTOR, useClass: CallContextInterceptor },
  ];
}
