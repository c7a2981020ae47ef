import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ConfigError } from '../config/config';

/**
 * The caller token: how the gateway tells a service who calls, in gRPC metadata. A JWT signed with
 * EdDSA (Ed25519) by a key only the gateway holds, short-lived, and addressed to one service.
 */
export const CALLER_TOKEN_HEADER = 'x-parkledger-caller';
/** Response metadata a service sends when its answer is the stored one of an earlier request with the same key. */
export const REPLAYED_HEADER = 'x-parkledger-replayed';
export const CALLER_TOKEN_ISSUER = 'parkledger-gateway';
export const CALLER_TOKEN_TTL_SECONDS = 30;
/**
 * How far ahead of a service's clock the gateway's may be. Expiry has no tolerance: a token a second
 * past its exp is refused.
 */
export const CALLER_TOKEN_CLOCK_SKEW_SECONDS = 2;

export type CallerTokenAudience = 'park-registry' | 'project-pipeline' | 'fund-ledger' | 'policy-awards' | 'audit';

/** What the token says about the caller. */
export interface CallerClaims {
  sub: string;
  role: string;
  parks: string[];
  /** the funds a fund manager manages */
  funds: string[];
  /** the policies a policy officer runs, by key */
  policies: string[];
  /** request key: sha256 of the caller's whole identity and its Idempotency-Key */
  rk?: string;
  /** request fingerprint: sha256 of the method, the path and the JSON body */
  rf?: string;
}

/** Why a token was refused; the reason is for the log, never the token itself. */
export class CallerTokenError extends Error {
  override readonly name = 'CallerTokenError';
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
const seconds = (ms: number): number => Math.floor(ms / 1000);

export function signCallerToken(
  claims: CallerClaims,
  audience: CallerTokenAudience,
  privateKey: KeyObject,
  now = Date.now(),
): string {
  const iat = seconds(now);
  const payload = { iss: CALLER_TOKEN_ISSUER, aud: audience, iat, exp: iat + CALLER_TOKEN_TTL_SECONDS, ...claims };
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signed}.${sign(null, Buffer.from(signed), privateKey).toString('base64url')}`;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The claims of a token this service may believe, or a CallerTokenError saying why not. */
export function verifyCallerToken(
  token: string,
  audience: CallerTokenAudience,
  publicKey: KeyObject,
  now = Date.now(),
): CallerClaims {
  const parts = token.split('.');
  const [header, body, signature] = parts;
  if (parts.length !== 3 || header === undefined || body === undefined || signature === undefined) {
    throw new CallerTokenError('not a compact JWT');
  }
  if (header !== HEADER) throw new CallerTokenError('not an EdDSA JWT');
  if (!verify(null, Buffer.from(`${header}.${body}`), publicKey, Buffer.from(signature, 'base64url'))) {
    throw new CallerTokenError('bad signature');
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new CallerTokenError('a payload that is not JSON');
  }
  const { iss, aud, iat, exp, sub, role, parks, funds, policies, rk, rf } = claims;
  if (iss !== CALLER_TOKEN_ISSUER) throw new CallerTokenError('another issuer');
  if (aud !== audience) throw new CallerTokenError('another audience');
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new CallerTokenError('no expiry');
  const at = seconds(now);
  if (exp <= at) throw new CallerTokenError('expired');
  if (iat - CALLER_TOKEN_CLOCK_SKEW_SECONDS > at) throw new CallerTokenError('issued in the future');
  if (exp - iat > CALLER_TOKEN_TTL_SECONDS) throw new CallerTokenError('lives too long');
  if (
    typeof sub !== 'string' ||
    typeof role !== 'string' ||
    !isStringList(parks) ||
    !isStringList(funds) ||
    !isStringList(policies)
  ) {
    throw new CallerTokenError('malformed caller claims');
  }
  if ((rk !== undefined || rf !== undefined) && (typeof rk !== 'string' || typeof rf !== 'string')) {
    throw new CallerTokenError('malformed request claims');
  }
  return { sub, role, parks, funds, policies, ...(typeof rk === 'string' && typeof rf === 'string' ? { rk, rf } : {}) };
}

/**
 * The caller-token key of a service's config: the configured PEM, or, only when NODE_ENV is
 * development or test, the committed development key. Anything else stops the start naming the variable.
 */
export function callerTokenKey(
  kind: 'private' | 'public',
  name: string,
  pem: string,
  nodeEnv: string,
  developmentPem: string,
): KeyObject {
  const development = nodeEnv === 'development' || nodeEnv === 'test';
  if (pem === '' && !development) {
    throw new ConfigError([`${name} is required in production (an Ed25519 ${kind} key in PEM)`]);
  }
  try {
    const key = kind === 'private' ? createPrivateKey(pem || developmentPem) : createPublicKey(pem || developmentPem);
    if (key.asymmetricKeyType === 'ed25519' && key.type === kind) return key;
  } catch {
    // reported below
  }
  throw new ConfigError([`${name} must be an Ed25519 ${kind} key in PEM`]);
}
