import { MESSAGING_MIGRATIONS } from '@parkledger/messaging';
import { CreateJournal1765100000000 } from './migrations/1765100000000-create-journal';
import { AccountBalances1765200000000 } from './migrations/1765200000000-account-balances';
import { FundOperations1765300000000 } from './migrations/1765300000000-fund-operations';
import { StatementBalances1765400000000 } from './migrations/1765400000000-statement-balances';
import { PostingsWithTheirEntry1765600000000 } from './migrations/1765600000000-postings-with-their-entry';
import { RegionReadModels1765700000000 } from './migrations/1765700000000-region-read-models';
import { StatementChecks1765800000000 } from './migrations/1765800000000-statement-checks';
import { PolicyBudgetBooks1765900000000 } from './migrations/1765900000000-policy-budget-books';
import { PolicyBudgetConstraintNames1767100000000 } from './migrations/1767100000000-policy-budget-constraint-names';

/** The fund ledger's migrations, the messaging tables' among them (TypeORM runs them by timestamp). */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateJournal1765100000000,
  AccountBalances1765200000000,
  FundOperations1765300000000,
  StatementBalances1765400000000,
  PostingsWithTheirEntry1765600000000,
  RegionReadModels1765700000000,
  StatementChecks1765800000000,
  PolicyBudgetBooks1765900000000,
  PolicyBudgetConstraintNames1767100000000,
];
