import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@parkledger/platform';
import { DEV_JWT_SECRET } from './dev-secret';

/** The algorithms bearer tokens may use. 'none' is not one of them, and never will be. */
type TokenAlgorithm = 'HS256' | 'RS256' | 'EdDSA';

/** A key made into a KeyObject once, with the one algorithm it verifies. */
export interface VerificationKey {
  readonly algorithm: TokenAlgorithm;
  readonly key: KeyObject;
}

/**
 * The keys bearer tokens are verified with. The accepted algorithm follows from the configured key,
 * never from the token: an HS256 token is never checked against a public key (algorithm confusion).
 */
export type TokenKeys =
  | { readonly source: 'secret' | 'public-key'; readonly key: VerificationKey }
  | { readonly source: 'jwks'; readonly byKid: ReadonlyMap<string, VerificationKey> };

/** Why a key can't be used; the caller names the variable it came from. */
class TokenKeyError extends Error {}

const MIN_SECRET_BYTES = 32;

export function secretKeys(secret: string): TokenKeys {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TokenKeyError(`must be at least ${MIN_SECRET_BYTES} bytes, got ${bytes.length}`);
  }
  return { source: 'secret', key: { algorithm: 'HS256', key: createSecretKey(bytes) } };
}

function asymmetricAlgorithm(key: KeyObject): TokenAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw new TokenKeyError(`holds an RSA key of ${bits} bits; at least 2048 are required`);
    return 'RS256';
  }
  throw new TokenKeyError(
    `holds a${type === undefined ? ' non-asymmetric' : ` ${type}`} key; RSA or Ed25519 is required`,
  );
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TokenKeyError(`cannot be read (${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A PEM public key (RSA of 2048 bits or more, or Ed25519). */
function publicKeyFileKeys(path: string): TokenKeys {
  let key: KeyObject;
  try {
    key = createPublicKey(readKeyFile(path));
  } catch (error) {
    if (error instanceof TokenKeyError) throw error;
    throw new TokenKeyError(`is not a PEM public key (${path})`);
  }
  return { source: 'public-key', key: { algorithm: asymmetricAlgorithm(key), key } };
}

/**
 * A JWKS file as an identity provider publishes it (Keycloak: /realms/<realm>/protocol/openid-connect/certs).
 * Signing keys of RS256 or EdDSA are kept by `kid`; encryption keys and other algorithms are left out.
 */
function jwksFileKeys(path: string): TokenKeys {
  let document: unknown;
  try {
    document = JSON.parse(readKeyFile(path));
  } catch (error) {
    if (error instanceof TokenKeyError) throw error;
    throw new TokenKeyError(`is not JSON (${path})`);
  }
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new TokenKeyError(`has no "keys" array (${path})`);
  const byKid = new Map<string, VerificationKey>();
  for (const jwk of keys as (JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown })[]) {
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (jwk.kty !== 'RSA' && jwk.kty !== 'OKP') continue;
    if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new TokenKeyError(`has a signing key without "kid"`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      throw new TokenKeyError(`has a key that is not a valid JWK (kid "${jwk.kid}")`);
    }
    if (jwk.kty === 'OKP' && key.asymmetricKeyType !== 'ed25519') continue;
    const algorithm = asymmetricAlgorithm(key);
    if (jwk.alg !== undefined && jwk.alg !== algorithm) continue;
    byKid.set(jwk.kid, { algorithm, key });
  }
  if (byKid.size === 0) throw new TokenKeyError(`holds no RS256 or EdDSA signing key (${path})`);
  return { source: 'jwks', byKid };
}

/** The key a token's header asks for, only when its algorithm is the one that key verifies. */
export function keyFor(keys: TokenKeys, algorithm: unknown, kid: unknown): VerificationKey | undefined {
  let key: VerificationKey | undefined;
  switch (keys.source) {
    case 'secret':
    case 'public-key':
      key = keys.key;
      break;
    case 'jwks':
      key =
        typeof kid === 'string' ? keys.byKid.get(kid) : keys.byKid.size === 1 ? [...keys.byKid.values()][0] : undefined;
      break;
  }
  return key !== undefined && key.algorithm === algorithm ? key : undefined;
}

interface KeySettings {
  NODE_ENV: string;
  JWT_SECRET: string;
  JWT_PUBLIC_KEY_FILE: string;
  JWT_JWKS_FILE: string;
}

type KeySource = 'JWT_SECRET' | 'JWT_PUBLIC_KEY_FILE' | 'JWT_JWKS_FILE';

function keysFrom(source: KeySource, config: KeySettings): TokenKeys {
  switch (source) {
    case 'JWT_JWKS_FILE':
      return jwksFileKeys(config.JWT_JWKS_FILE);
    case 'JWT_PUBLIC_KEY_FILE':
      return publicKeyFileKeys(config.JWT_PUBLIC_KEY_FILE);
    case 'JWT_SECRET':
      return secretKeys(config.JWT_SECRET);
  }
}

/**
 * The keys of the gateway's config. Exactly one source: a JWKS file, a PEM public key file, or an
 * HS256 secret of at least 32 bytes; only when NODE_ENV is development or test, with none set, the
 * development secret. Anything else stops the start naming the variable and the rule.
 */
export function configuredTokenKeys(config: KeySettings): TokenKeys {
  const sources = (['JWT_SECRET', 'JWT_PUBLIC_KEY_FILE', 'JWT_JWKS_FILE'] as const).filter(
    (name) => config[name] !== '',
  );
  const [source] = sources;
  if (sources.length > 1) {
    throw new ConfigError([
      `set only one of ${sources.join(', ')}: the accepted algorithm follows from the one kind of key configured`,
    ]);
  }
  if (source === undefined) {
    if (config.NODE_ENV === 'development' || config.NODE_ENV === 'test') return secretKeys(DEV_JWT_SECRET);
    throw new ConfigError([
      'JWT_SECRET (at least 32 bytes), JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE is required unless NODE_ENV is ' +
        'development or test (the development secret is never used in production)',
    ]);
  }
  try {
    return keysFrom(source, config);
  } catch (error) {
    if (error instanceof TokenKeyError) throw new ConfigError([`${source} ${error.message}`]);
    throw error;
  }
}
