import { type Caller } from '@parkledger/service-kit';

/** Whose rows of one kind a caller reads: every one's, or only these (none when empty). */
export type RowScope = { kind: 'all' } | { kind: 'only'; ids: readonly string[] };

const ALL: RowScope = { kind: 'all' };
const only = (ids: readonly string[]): RowScope => ({ kind: 'only', ids });

/**
 * The fund rows of a project the caller may read, as the fund ledger lets it read funds: admins and
 * auditors every fund's, a fund manager those of the funds its token names; park managers and policy
 * officers none. The project itself is checked first, as the pipeline scopes projects.
 */
export function fundRowScope(caller: Caller): RowScope {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return ALL;
    case 'fund-manager':
      return only(caller.fundScope);
    case 'park-manager':
    case 'policy-officer':
      return only([]);
  }
}

/**
 * The award rows of a project the caller may read, as the awards service lets it read awards, by
 * policy key: admins and auditors every policy's, a policy officer those of the policies its token
 * names, fund managers none. A park manager reads them all: it reaches the project only when the
 * project is in one of its park subtrees, and the awards naming the project are awards in its parks.
 */
export function awardRowScope(caller: Caller): RowScope {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
    case 'park-manager':
      return ALL;
    case 'policy-officer':
      return only(caller.policyScope);
    case 'fund-manager':
      return only([]);
  }
}

export const inScope = (scope: RowScope, id: string): boolean => scope.kind === 'all' || scope.ids.includes(id);
