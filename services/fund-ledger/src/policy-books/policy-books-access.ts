import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';

/**
 * Who reads a policy's budget books: admins and auditors every policy's, a policy officer those of
 * the policies its token names. Fund managers and park managers none (the gateway already refuses
 * them; this holds without it). Nobody writes them: only the award events do.
 */
export function seesPolicyBooks(caller: Caller, policy: string): boolean {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return true;
    case 'policy-officer':
      return caller.policyScope.includes(policy);
    case 'fund-manager':
    case 'park-manager':
      return false;
  }
}

/** Books the caller may not read answer exactly as a policy without books. */
export const policyBooksNotFound = (policy: string) =>
  new LedgerError(LedgerErrorCode.PolicyBooksNotFound, ErrorKind.NotFound, `no budget books of policy ${policy}`);
