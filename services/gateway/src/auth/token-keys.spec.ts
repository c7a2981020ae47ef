import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@parkledger/platform';
import { configuredTokenKeys, keyFor } from './token-keys';

const dir = mkdtempSync(join(tmpdir(), 'token-keys-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const pem = (key: typeof rsa.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();
const settings = { NODE_ENV: 'production', JWT_SECRET: '', JWT_PUBLIC_KEY_FILE: '', JWT_JWKS_FILE: '' };
const keys = (extra: Partial<typeof settings>) => configuredTokenKeys({ ...settings, ...extra });

describe('bearer-token keys from the config', () => {
  it('takes RS256 or EdDSA from the kind of a PEM public key', () => {
    const rs = keys({ JWT_PUBLIC_KEY_FILE: file('rsa.pem', pem(rsa.publicKey)) });
    expect(keyFor(rs, 'RS256', undefined)?.key.asymmetricKeyType).toBe('rsa');
    expect(keyFor(rs, 'HS256', undefined)).toBeUndefined();
    const eddsa = keys({ JWT_PUBLIC_KEY_FILE: file('ed.pem', pem(ed.publicKey)) });
    expect(keyFor(eddsa, 'EdDSA', 'any-kid')?.key.asymmetricKeyType).toBe('ed25519');
    expect(keyFor(eddsa, 'none', undefined)).toBeUndefined();
  });

  it('keeps a JWKS file’s signing keys by kid, leaving out encryption keys and other algorithms', () => {
    const jwks = {
      keys: [
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'sig-rsa', use: 'sig', alg: 'RS256', x5c: ['MIIC...'] },
        { ...ed.publicKey.export({ format: 'jwk' }), kid: 'sig-ed' },
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'enc-rsa', use: 'enc', alg: 'RSA-OAEP' },
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'ps', use: 'sig', alg: 'PS256' },
      ],
    };
    const loaded = keys({ JWT_JWKS_FILE: file('jwks.json', JSON.stringify(jwks)) });
    expect(loaded.source === 'jwks' && [...loaded.byKid.keys()]).toEqual(['sig-rsa', 'sig-ed']);
    expect(keyFor(loaded, 'RS256', 'sig-rsa')).toBeDefined();
    expect(keyFor(loaded, 'EdDSA', 'sig-rsa')).toBeUndefined();
    expect(keyFor(loaded, 'EdDSA', 'sig-ed')).toBeDefined();
    expect(keyFor(loaded, 'EdDSA', undefined)).toBeUndefined();
  });

  it.each([
    [{ JWT_PUBLIC_KEY_FILE: join(dir, 'missing.pem') }, 'JWT_PUBLIC_KEY_FILE cannot be read'],
    [{ JWT_PUBLIC_KEY_FILE: file('junk.pem', 'not a key') }, 'JWT_PUBLIC_KEY_FILE is not a PEM public key'],
    [
      { JWT_PUBLIC_KEY_FILE: file('small.pem', pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)) },
      'JWT_PUBLIC_KEY_FILE holds an RSA key of 1024 bits; at least 2048 are required',
    ],
    [
      { JWT_PUBLIC_KEY_FILE: file('ec.pem', pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)) },
      'JWT_PUBLIC_KEY_FILE holds a ec key; RSA or Ed25519 is required',
    ],
    [{ JWT_JWKS_FILE: file('bad.json', '{') }, 'JWT_JWKS_FILE is not JSON'],
    [{ JWT_JWKS_FILE: file('nokeys.json', '{}') }, 'JWT_JWKS_FILE has no "keys" array'],
    [
      { JWT_JWKS_FILE: file('hs.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h' }] })) },
      'JWT_JWKS_FILE holds no RS256 or EdDSA signing key',
    ],
    [
      { JWT_JWKS_FILE: file('nokid.json', JSON.stringify({ keys: [ed.publicKey.export({ format: 'jwk' })] })) },
      'JWT_JWKS_FILE has a signing key without "kid"',
    ],
    [
      { JWT_SECRET: 's'.repeat(32), JWT_JWKS_FILE: 'x' },
      'set only one of JWT_SECRET, JWT_JWKS_FILE: the accepted algorithm follows from the one kind of key configured',
    ],
  ])('stops the start naming the variable: %p', (extra, message) => {
    expect(() => keys(extra)).toThrow(ConfigError);
    expect(() => keys(extra)).toThrow(message);
  });
});
