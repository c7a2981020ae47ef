import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import { isPolicyKey, ROLES, type Role } from '@parkledger/contracts';
import { ErrorKind, isUuid } from '@parkledger/platform';
import { AuthError, type Principal } from './principal';
import { keyFor, type TokenKeys, type VerificationKey } from './token-keys';

/** How bearer tokens are checked: the keys and the claims a token must carry. */
export interface TokenVerification {
  keys: TokenKeys;
  issuer: string;
  audience: string;
  maxLifetimeSeconds: number;
  /** where the role is: a claim name or a dotted path (e.g. realm_access.roles); an array gives its first known role */
  roleClaim: string;
  /** where the park scope is: a claim name or a dotted path */
  parksClaim: string;
  /** where the fund scope is: a claim name or a dotted path */
  fundsClaim: string;
  /** where a policy officer's policies are: a claim name or a dotted path */
  policiesClaim: string;
}

const CLOCK_TOLERANCE_SECONDS = 5;

const unauthenticated = (why: string) => new AuthError('unauthenticated', ErrorKind.Unauthenticated, why);
const notValid = () => unauthenticated('the bearer token is not valid');

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function signatureHolds(key: VerificationKey, signed: string, signature: Buffer): boolean {
  const data = Buffer.from(signed, 'utf8');
  switch (key.algorithm) {
    case 'HS256': {
      const expected = createHmac('sha256', key.key).update(data).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    case 'RS256':
      return verify('sha256', data, key.key, signature);
    case 'EdDSA':
      return verify(null, data, key.key, signature);
  }
}

/** The value at a claim name or dotted path. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const name of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

function roleOf(value: unknown): Role | undefined {
  const candidates: unknown[] = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    const role = ROLES.find((r) => r === candidate);
    if (role !== undefined) return role;
  }
  return undefined;
}

/** The claims of a token whose signature holds for the configured key, with the algorithm that key fixes. */
function verifiedClaims(token: string, keys: TokenKeys): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw notValid();
  const [head = '', body = '', signature = ''] = parts;
  const header = jsonObject(head);
  const key = header === undefined ? undefined : keyFor(keys, header.alg, header.kid);
  if (key === undefined || !signatureHolds(key, `${head}.${body}`, Buffer.from(signature, 'base64url'))) {
    throw notValid();
  }
  const claims = jsonObject(body);
  if (claims === undefined) throw notValid();
  return claims;
}

export function verifyToken(token: string, verification: TokenVerification, now = Date.now() / 1000): Principal {
  const claims = verifiedClaims(token, verification.keys);
  const { exp, iat, nbf, iss, aud } = claims;
  if (typeof exp !== 'number') throw unauthenticated('the bearer token has no expiry');
  if (now > exp + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('the bearer token has expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || now + CLOCK_TOLERANCE_SECONDS < nbf)) {
    throw unauthenticated('the bearer token is not valid yet');
  }
  if (iat !== undefined && typeof iat !== 'number') throw notValid();
  if (iss !== verification.issuer) throw unauthenticated('the bearer token is from another issuer');
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(verification.audience)) {
    throw unauthenticated(
      `the bearer token is not meant for this API (its aud must include "${verification.audience}")`,
    );
  }
  const lifetime = exp - (iat ?? now);
  if (lifetime > verification.maxLifetimeSeconds) {
    throw unauthenticated(
      `the bearer token lives longer than the ${verification.maxLifetimeSeconds} seconds this API accepts`,
    );
  }
  const role = roleOf(claimAt(claims, verification.roleClaim));
  if (typeof claims.sub !== 'string' || claims.sub === '' || role === undefined) {
    throw unauthenticated('the bearer token names no subject or no known role');
  }
  const parks: unknown = claimAt(claims, verification.parksClaim) ?? [];
  if (!Array.isArray(parks) || !parks.every((id): id is string => typeof id === 'string' && isUuid(id))) {
    throw unauthenticated('the bearer token has a malformed park scope');
  }
  if (role === 'park-manager' && parks.length === 0) throw unauthenticated('a park-manager token must name its parks');
  const funds: unknown = claimAt(claims, verification.fundsClaim) ?? [];
  if (!Array.isArray(funds) || !funds.every((id): id is string => typeof id === 'string' && isUuid(id))) {
    throw unauthenticated('the bearer token has a malformed fund scope');
  }
  if (role === 'fund-manager' && funds.length === 0) throw unauthenticated('a fund-manager token must name its funds');
  const policies: unknown = claimAt(claims, verification.policiesClaim) ?? [];
  if (
    !Array.isArray(policies) ||
    !policies.every((key): key is string => typeof key === 'string' && isPolicyKey(key))
  ) {
    throw unauthenticated('the bearer token has a malformed policy scope');
  }
  if (role === 'policy-officer' && policies.length === 0) {
    throw unauthenticated('a policy-officer token must name its policies');
  }
  return { subject: claims.sub, role, parks, funds, policies, expiresAt: exp };
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token for development and tests (`npm run token`), with the default role and parks claims. */
export function signToken(
  principal: Principal,
  secret: string,
  claims: { issuer: string; audience: string },
  ttlSeconds: number,
): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = {
    role: principal.role,
    parks: principal.parks,
    funds: principal.funds,
    policies: principal.policies,
    iat,
    exp: iat + ttlSeconds,
    aud: claims.audience,
    iss: claims.issuer,
    sub: principal.subject,
  };
  const signed = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed, 'utf8').digest('base64url')}`;
}
