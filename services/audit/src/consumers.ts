import { type ConsumerDeclaration } from '@parkledger/service-kit';
import { auditedTopics } from '@parkledger/contracts';

/**
 * Every consumer the audit service runs, with what `npm run replay` does with it. The log is not
 * replayed: it is the audit service's own record, each entry's position in the tree fixed by the
 * order it read the topics in, and its checkpoints signed and published through the outbox; a
 * replay would make another log and publish its checkpoints.
 */
export const CONSUMERS: readonly ConsumerDeclaration[] = [
  {
    name: 'audit.log',
    topics: auditedTopics(''),
    notReplayed:
      "it is the audit service's own log: each entry's position is the order it read the topics in, and its checkpoints are signed and published through the outbox; a replay would make another log and publish it",
    builtIn: 'src/log/audit.consumer.ts',
  },
];
