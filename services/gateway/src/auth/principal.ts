import { type Role } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';

/** Who called, as the bearer token says (verified in bearer-token.ts). */
export interface Principal {
  subject: string;
  role: Role;
  /** for a park manager: the roots of its park subtrees */
  parks: string[];
  /** for a fund manager: the funds it manages */
  funds: string[];
  /** for a policy officer: the policies it runs, by key */
  policies: string[];
  /** when the bearer token expires, in seconds since the epoch (its exp): a stream ends then */
  expiresAt?: number;
}

export class AuthError extends DomainError<'unauthenticated' | 'forbidden'> {}

/** The caller's whole identity: the same subject with other scopes is another caller. */
export function identityOf(principal: Principal): string {
  return [
    principal.subject,
    principal.role,
    ...[...principal.parks].sort(),
    '',
    ...[...principal.funds].sort(),
    '',
    ...[...principal.policies].sort(),
  ].join('\n');
}
