import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { CreateAuditLog1767000000000 } from './migrations/1767000000000-create-audit-log';
import { RecordMentions1767200000000 } from './migrations/1767200000000-record-mentions';
import { UncheckedReferences1767300000000 } from './migrations/1767300000000-unchecked-references';

/** The audit service's migrations, the messaging tables' among them (its checkpoints leave through its outbox). */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateAuditLog1767000000000,
  RecordMentions1767200000000,
  UncheckedReferences1767300000000,
];
