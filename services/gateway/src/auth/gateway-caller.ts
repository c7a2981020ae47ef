import { createHash } from 'node:crypto';
import { type Role } from '@parkledger/contracts';
import { DomainError, ErrorKind } from '@parkledger/platform';
import { type Request } from 'express';
import { identityOf, type Principal } from './principal';

/** The caller as the gateway vouches for it to a service, in a signed caller token. */
export interface GatewayCaller {
  subject: string;
  role: Role;
  parks: readonly string[];
  funds: readonly string[];
  policies: readonly string[];
  /** for a write with an Idempotency-Key: sha256 of the caller's whole identity and the key */
  requestKey?: string;
  /** with requestKey: sha256 of the method, the path and the JSON body */
  requestFingerprint?: string;
  /** marks the answer as the stored one of an earlier request with the same key */
  replayed?: () => void;
}

const IDEMPOTENCY_HEADER = 'idempotency-key';
/** What an Idempotency-Key may be: 1 to 200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,200}$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function gatewayCallerOf(principal: Principal, request: Request): GatewayCaller {
  const { subject, role, parks, funds, policies } = principal;
  const caller = { subject, role, parks, funds, policies };
  const key = request.header(IDEMPOTENCY_HEADER);
  if (key === undefined || !WRITES.has(request.method)) return caller;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new DomainError(
      'idempotency-key-invalid',
      ErrorKind.BadRequest,
      'Idempotency-Key must be 1 to 200 visible ASCII characters',
      [{ field: 'Idempotency-Key', rule: 'format', message: '1..200 visible ASCII characters' }],
    );
  }
  return {
    ...caller,
    requestKey: sha256(`${identityOf(principal)}\n${key}`),
    requestFingerprint: sha256(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`),
  };
}
