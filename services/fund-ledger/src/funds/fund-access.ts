import { withArticle } from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';

/**
 * Who reaches fund data: admins and auditors every fund, a fund manager the funds its token names.
 * Park managers and policy officers none (the gateway already refuses them; this holds without it).
 */
export function seesFund(caller: Caller, fundId: string): boolean {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return true;
    case 'fund-manager':
      return caller.fundScope.includes(fundId);
    case 'park-manager':
    case 'policy-officer':
      return false;
  }
}

/** Funds a caller may list: all (undefined), or only these. */
export const fundScopeOf = (caller: Caller): readonly string[] | undefined =>
  caller.role === 'admin' || caller.role === 'auditor'
    ? undefined
    : caller.role === 'fund-manager'
      ? caller.fundScope
      : [];

/** Only admins and fund managers change a fund's books; auditors read and write nothing. */
export function assertFundWriter(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'fund-manager') throw forbidden(caller, 'change fund books');
}

/** Only admins register funds: a fund manager's token names the funds it already manages. */
export function assertFundRegistrar(caller: Caller): void {
  if (caller.role !== 'admin') throw forbidden(caller, 'register funds');
}

const forbidden = (caller: Caller, what: string) =>
  new LedgerError(LedgerErrorCode.Forbidden, ErrorKind.Forbidden, `${withArticle(caller.role)} cannot ${what}`);

/** A fund the caller may not see answers exactly as a missing one. */
export const fundNotFound = (id: string) =>
  new LedgerError(LedgerErrorCode.FundNotFound, ErrorKind.NotFound, `no fund ${id}`);
