import { ROLES, withArticle, type CallerJson, type Role } from '@parkledger/contracts';
import { DomainError, ErrorKind } from '@parkledger/platform';

/** Who asks, as the gateway vouches for it. */
export interface Caller {
  subject: string;
  role: Role;
  /** for a park manager: the roots of the park subtrees it may see and change */
  parkScope: readonly string[];
}

export function callerFrom(json: CallerJson | undefined): Caller {
  const role = ROLES.find((r) => r === json?.role);
  if (json?.subject === undefined || json.subject === '' || role === undefined) {
    throw new DomainError('caller-unknown', ErrorKind.Unauthenticated, 'the request names no known caller');
  }
  return { subject: json.subject, role, parkScope: json.parkScope ?? [] };
}

/** Everyone but a park manager reads every park; a park manager only its subtrees. */
export const seesAllParks = (caller: Caller): boolean => caller.role !== 'park-manager';

/** Only admins and park managers change parks, enterprises, settlements and projects. */
export function assertParkWriter(caller: Caller, what: string): void {
  if (caller.role !== 'admin' && caller.role !== 'park-manager') {
    throw new DomainError('forbidden', ErrorKind.Forbidden, `${withArticle(caller.role)} cannot change ${what}`);
  }
}
