import { ROLES, withArticle, type Role } from '@parkledger/contracts';
import { CallerTokenError, DomainError, ErrorKind, type CallerClaims } from '@parkledger/platform';

/** Who asks, as the gateway vouches for it in a caller token the service has verified. */
export interface Caller {
  subject: string;
  role: Role;
  /** for a park manager: the roots of the park subtrees it may see and change */
  parkScope: readonly string[];
  /** for a fund manager: the funds it manages, the only ones it may see and change */
  fundScope: readonly string[];
  /** for a policy officer: the policies it runs, by key, the only ones it may see and change */
  policyScope: readonly string[];
  /**
   * for a write with an Idempotency-Key: the request key and the request's fingerprint, and how to
   * tell the caller that its answer is the stored one of an earlier request
   */
  request?: { key: string; fingerprint: string; replayed?: () => void };
}

/** The caller a verified token names, or a CallerTokenError when it names no known one. */
export function callerOfClaims(claims: CallerClaims): Caller {
  const role = ROLES.find((r) => r === claims.role);
  if (claims.sub === '' || role === undefined) throw new CallerTokenError('no subject or no known role');
  return {
    subject: claims.sub,
    role,
    parkScope: claims.parks,
    fundScope: claims.funds,
    policyScope: claims.policies,
    ...(claims.rk === undefined || claims.rf === undefined
      ? {}
      : { request: { key: claims.rk, fingerprint: claims.rf } }),
  };
}

/** Everyone but a park manager reads every park; a park manager only its subtrees. */
export const seesAllParks = (caller: Caller): boolean => caller.role !== 'park-manager';

/** Only admins and park managers change parks, enterprises, settlements and projects. */
export function assertParkWriter(caller: Caller, what: string): void {
  if (caller.role !== 'admin' && caller.role !== 'park-manager') {
    throw new DomainError('forbidden', ErrorKind.Forbidden, `${withArticle(caller.role)} cannot change ${what}`);
  }
}
