import 'reflect-metadata';
import { configOrExit, runGrpcService } from '@parkledger/service-kit';
import { AppModule } from './app.module';
import { loadAuditConfig, SCHEMA } from './config/audit.config';
import { createDataSource } from './database/data-source';
import { AuditIngest } from './log/audit-ingest';
import { AuditLogRepository } from './log/audit-log.repository';
import { AuditConsumer } from './log/audit.consumer';
import { Checkpointer } from './log/checkpointer';

const config = configOrExit('audit', () => loadAuditConfig());

void runGrpcService({
  service: 'audit',
  schema: SCHEMA,
  config,
  dataSource: createDataSource(config),
  module: (parts) => {
    const log = new AuditLogRepository();
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
    });
    return AppModule.register(parts, log, [consumer]);
  },
});
