import { createHash } from 'node:crypto';
import { type Role } from '@parkledger/contracts';
import { type Request } from 'express';
import { identityOf, type Principal } from './principal';

/** The caller as the gateway vouches for it to a service, in a signed caller token. */
export interface GatewayCaller {
  subject: string;
  role: Role;
  parks: readonly string[];
  /** for a write with an Idempotency-Key: sha256 of the caller's whole identity and the key */
  requestKey?: string;
  /** with requestKey: sha256 of the method, the path and the JSON body */
  requestFingerprint?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function gatewayCallerOf(principal: Principal, request: Request): GatewayCaller {
  const caller = { subject: principal.subject, role: principal.role, parks: principal.parks };
  const key = request.header('idempotency-key');
  if (key === undefined || !WRITES.has(request.method)) return caller;
  return {
    ...caller,
    requestKey: sha256(`${identityOf(principal)}\n${key}`),
    requestFingerprint: sha256(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`),
  };
}
