import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '../config/config';
import { callerTokenKey, signCallerToken, verifyCallerToken } from './caller-token';

const keys = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const claims = { sub: 'pm', role: 'park-manager', parks: ['p1'], funds: [], policies: [] };
const NOW = Date.UTC(2026, 0, 1, 12);

describe('caller tokens', () => {
  it('round-trips the caller and the request claims', () => {
    const token = signCallerToken({ ...claims, rk: 'k', rf: 'f' }, 'park-registry', keys.privateKey, NOW);
    expect(verifyCallerToken(token, 'park-registry', keys.publicKey, NOW + 29_000)).toEqual({
      ...claims,
      rk: 'k',
      rf: 'f',
    });
  });

  it('carries iss, aud, iat and a 30 s expiry', () => {
    const token = signCallerToken(claims, 'project-pipeline', keys.privateKey, NOW);
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({
      iss: 'parkledger-gateway',
      aud: 'project-pipeline',
      iat: NOW / 1000,
      exp: NOW / 1000 + 30,
    });
  });

  const forged = (payload: object): string => {
    const token = signCallerToken(claims, 'park-registry', keys.privateKey, NOW);
    const [header, , signature] = token.split('.');
    return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
  };

  it.each([
    [
      'a token that expired a second ago',
      signCallerToken(claims, 'park-registry', keys.privateKey, NOW - 31_000),
      'expired',
    ],
    ['another key', signCallerToken(claims, 'park-registry', other.privateKey, NOW), 'bad signature'],
    ['another audience', signCallerToken(claims, 'project-pipeline', keys.privateKey, NOW), 'another audience'],
    [
      'a changed payload',
      forged({ iss: 'parkledger-gateway', aud: 'park-registry', sub: 'x', role: 'admin' }),
      'bad signature',
    ],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.`, 'not an EdDSA JWT'],
    ['garbage', 'abc', 'not a compact JWT'],
    [
      'a token from the future',
      signCallerToken(claims, 'park-registry', keys.privateKey, NOW + 10_000),
      'issued in the future',
    ],
  ])('refuses %s', (_, token, reason) => {
    expect(() => verifyCallerToken(token, 'park-registry', keys.publicKey, NOW)).toThrow(reason);
  });

  it('refuses claims without a policy scope: an older gateway cannot pass for one that sends none', () => {
    const { policies: _, ...older } = claims;
    const token = signCallerToken(older as typeof claims, 'policy-awards', keys.privateKey, NOW);
    expect(() => verifyCallerToken(token, 'policy-awards', keys.publicKey, NOW)).toThrow('malformed caller claims');
  });
});

describe('caller token keys', () => {
  const pem = (key: typeof keys.publicKey, type: 'spki' | 'pkcs8') => key.export({ type, format: 'pem' }).toString();
  const devPublic = pem(keys.publicKey, 'spki');

  it('uses the development key only in development and test', () => {
    expect(callerTokenKey('public', 'K', '', 'test', devPublic).equals(keys.publicKey)).toBe(true);
    expect(callerTokenKey('public', 'K', '', 'development', devPublic).equals(keys.publicKey)).toBe(true);
    expect(() => callerTokenKey('public', 'K', '', 'production', devPublic)).toThrow(ConfigError);
    expect(() => callerTokenKey('public', 'K', '', 'production', devPublic)).toThrow('K is required in production');
  });

  it('uses the configured key, and refuses a malformed one or one of another kind', () => {
    const configured = pem(other.publicKey, 'spki');
    expect(callerTokenKey('public', 'K', configured, 'production', devPublic).equals(other.publicKey)).toBe(true);
    expect(() => callerTokenKey('public', 'K', 'not a key', 'production', devPublic)).toThrow(
      'K must be an Ed25519 public key in PEM',
    );
    expect(() => callerTokenKey('private', 'K', configured, 'production', devPublic)).toThrow(
      'K must be an Ed25519 private key in PEM',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(() => callerTokenKey('public', 'K', rsa.toString(), 'production', devPublic)).toThrow(
      'K must be an Ed25519 public key in PEM',
    );
  });
});
