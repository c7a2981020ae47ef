import { type Admin, type Kafka } from 'kafkajs';
import { brokerUp } from '../metrics/messaging-metrics';

/**
 * Asks the broker for its metadata every `intervalMs` and sets `parkledger_kafka_broker_up`, so a
 * process that does not publish (the gateway) reports it too. Never part of readiness: the outbox
 * holds writes while the broker is away. Nest calls the two hooks when it is a provider.
 */
export class BrokerMonitor {
  private timer: NodeJS.Timeout | undefined;
  private admin: Admin | undefined;
  private checking = false;
  private last = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly intervalMs = 15_000,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.timer !== undefined) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** One metadata call; its answer sets the gauge. */
  async check(): Promise<boolean> {
    if (this.checking) return this.last;
    this.checking = true;
    try {
      if (this.admin === undefined) {
        const admin = this.kafka.admin({ retry: { retries: 0 } });
        await admin.connect();
        this.admin = admin;
      }
      await this.admin.describeCluster();
      brokerUp.set(1);
      this.last = true;
      return true;
    } catch {
      brokerUp.set(0);
      this.last = false;
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return false;
    } finally {
      this.checking = false;
    }
  }
}
