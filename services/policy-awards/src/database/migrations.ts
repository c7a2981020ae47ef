import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { CreateAwards1766000000000 } from './migrations/1766000000000-create-awards';
import { MilestoneAwards1766200000000 } from './migrations/1766200000000-milestone-awards';
import { AwardCases1766300000000 } from './migrations/1766300000000-award-cases';
import { AwardPaidOn1766400000000 } from './migrations/1766400000000-award-paid-on';

/** The awards service's migrations, the messaging tables' among them (TypeORM runs them by timestamp). */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateAwards1766000000000,
  MilestoneAwards1766200000000,
  AwardCases1766300000000,
  AwardPaidOn1766400000000,
];
