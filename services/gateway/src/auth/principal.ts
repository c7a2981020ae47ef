import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { ROLES, type CallerJson, type Role } from '@parkledger/contracts';
import { DomainError, ErrorKind, isUuid } from '@parkledger/platform';
import jwt from 'jsonwebtoken';

/** Who called, as the bearer token says. */
export interface Principal {
  subject: string;
  role: Role;
  /** for a park manager: the roots of its park subtrees */
  parks: string[];
}

export class AuthError extends DomainError<'unauthenticated' | 'forbidden'> {}

const unauthenticated = (why: string) => new AuthError('unauthenticated', ErrorKind.Unauthenticated, why);

let lastKey: { secret: string; key: KeyObject } | undefined;

/**
 * The secret as a key object, made once: given a string, jsonwebtoken first tries it as a PEM
 * public key and fails, on every call, which was a fifth of the gateway's CPU under load.
 */
function secretKey(secret: string): KeyObject {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return lastKey.key;
}

export function verifyToken(token: string, secret: string, issuer: string): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], issuer, clockTolerance: 5 });
    if (typeof decoded === 'string') throw new Error('not a JSON token');
    claims = decoded;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw unauthenticated('the bearer token has expired');
    throw unauthenticated('the bearer token is not valid');
  }
  if (typeof claims.exp !== 'number') throw unauthenticated('the bearer token has no expiry');
  const role = ROLES.find((r) => r === claims.role);
  if (typeof claims.sub !== 'string' || claims.sub === '' || role === undefined) {
    throw unauthenticated('the bearer token names no subject or no known role');
  }
  const parks: unknown = claims.parks ?? [];
  if (!Array.isArray(parks) || !parks.every((id): id is string => typeof id === 'string' && isUuid(id))) {
    throw unauthenticated('the bearer token has a malformed park scope');
  }
  if (role === 'park-manager' && parks.length === 0) throw unauthenticated('a park-manager token must name its parks');
  return { subject: claims.sub, role, parks };
}

export function signToken(principal: Principal, secret: string, issuer: string, ttlSeconds: number): string {
  return jwt.sign({ role: principal.role, parks: principal.parks }, secret, {
    algorithm: 'HS256',
    subject: principal.subject,
    issuer,
    expiresIn: ttlSeconds,
  });
}

/** What the gateway tells a service about the caller. */
export function callerOf(principal: Principal, idempotencyKey?: string): CallerJson {
  return {
    subject: principal.subject,
    role: principal.role,
    parkScope: principal.parks,
    ...(idempotencyKey === undefined
      ? {}
      : { requestId: createHash('sha256').update(`${principal.subject}\n${idempotencyKey}`).digest('hex') }),
  };
}
