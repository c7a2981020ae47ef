import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { CreateAuditLog1767000000000 } from './migrations/1767000000000-create-audit-log';

/** The audit service's migrations, the messaging tables' among them (its checkpoints leave through its outbox). */
export const MIGRATIONS = [...MESSAGING_MIGRATIONS, CreateAuditLog1767000000000];
