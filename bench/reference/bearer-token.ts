import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** How the reference checks a bearer token: an HS256 key made once, and the claims it must carry. */
export interface BearerCheck {
  key: KeyObject;
  issuer: string;
  audience: string;
}

export interface BearerClaims {
  subject: string;
  role: string;
}

export class BearerTokenError extends Error {}

export const bearerCheck = (secret: string, issuer: string, audience: string): BearerCheck => ({
  key: createSecretKey(Buffer.from(secret, 'utf8')),
  issuer,
  audience,
});

function jsonPart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new BearerTokenError('the bearer token is not valid');
}

/** The claims of an `Authorization: Bearer <HS256 JWT>` header, or a BearerTokenError saying why not. */
export function verifyBearer(
  authorization: string | undefined,
  check: BearerCheck,
  now = Date.now() / 1000,
): BearerClaims {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) {
    throw new BearerTokenError('a bearer token is required');
  }
  const parts = authorization.slice('Bearer '.length).split('.');
  if (parts.length !== 3) throw new BearerTokenError('the bearer token is not valid');
  const [head = '', body = '', signature = ''] = parts;
  if (jsonPart(head).alg !== 'HS256') throw new BearerTokenError('the bearer token is not valid');
  const expected = createHmac('sha256', check.key).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BearerTokenError('the bearer token is not valid');
  }
  const claims = jsonPart(body);
  if (typeof claims.exp !== 'number') throw new BearerTokenError('the bearer token has no expiry');
  if (now > claims.exp) throw new BearerTokenError('the bearer token has expired');
  if (claims.iss !== check.issuer) throw new BearerTokenError('the bearer token is from another issuer');
  const audiences: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(check.audience)) throw new BearerTokenError('the bearer token is not meant for this API');
  if (typeof claims.sub !== 'string' || claims.sub === '' || typeof claims.role !== 'string') {
    throw new BearerTokenError('the bearer token names no subject or no role');
  }
  return { subject: claims.sub, role: claims.role };
}
