import { type INestApplication } from '@nestjs/common';
import { runGrpcService } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { type AuditConfig, SCHEMA } from './config/audit.config';
import { createDataSource } from './database/data-source';
import { AuditIngest } from './log/audit-ingest';
import { AuditLogRepository } from './log/audit-log.repository';
import { AuditConsumer } from './log/audit.consumer';
import { TailSerializer } from './grpc/tail-serializer';
import { Checkpointer } from './log/checkpointer';
import { TailHub } from './tail/tail-hub';
import { TailService } from './tail/tail.service';
import { TailRepository } from './tail/tail.repository';

/** Entries a tail's read takes at a time, the hub's and each catch-up's. */
const TAIL_PAGE = 500;

/**
 * Boots the audit service on a loaded config: main.ts, and the specs that test the running service
 * through its gRPC edge, so they test what production starts rather than a copy of it.
 */
export function runAudit(config: AuditConfig): Promise<INestApplication> {
  return runGrpcService({
    service: 'audit',
    schema: SCHEMA,
    config,
    dataSource: createDataSource(config),
    // a live entry is encoded once for every stream that sends it
    grpcDefinition: (definition) => new TailSerializer().install(definition),
    module: (parts) => {
      const log = new AuditLogRepository();
      const entries = new TailRepository(parts.pool);
      // a page is never more than a stream may hold: a stream that keeps up is never behind by one
      const pageSize = Math.min(TAIL_PAGE, config.AUDIT_TAIL_BUFFER);
      const hub = new TailHub(entries, { pollMs: config.AUDIT_TAIL_POLL_MS, pageSize, logger: parts.logger });
      const tail = new TailService(hub, entries, { bound: config.AUDIT_TAIL_BUFFER, pageSize }, parts.logger);
      parts.logger.info(
        { origin: config.AUDIT_ORIGIN, verifierKey: config.signer.verifier.text },
        'audit: checkpoints are signed with this key',
      );
      const consumer = new AuditConsumer({
        kafka: parts.kafka,
        pool: parts.pool,
        groupId: `${parts.groupPrefix}audit.log`,
        topicPrefix: parts.topicPrefix,
        ingest: new AuditIngest(log),
        checkpointer: new Checkpointer(log, parts.outbox, {
          origin: config.AUDIT_ORIGIN,
          signer: config.signer,
          every: config.AUDIT_CHECKPOINT_EVERY,
          seconds: config.AUDIT_CHECKPOINT_SECONDS,
        }),
        logger: parts.logger,
        afterCommit: () => parts.relay.rowsCommitted(),
        // a batch committed: the tail reads what it logged, once for every open stream
        onBatch: (result) => {
          if (result.logged > 0) hub.logged();
        },
      });
      return AppModule.register(parts, log, { hub, tail }, [consumer]);
    },
  });
}
