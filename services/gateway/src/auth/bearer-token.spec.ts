import { generateKeyPairSync, type KeyObject, sign as cryptoSign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signToken, verifyToken, type TokenVerification } from './bearer-token';
import { secretKeys, type TokenKeys, type VerificationKey } from './token-keys';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const HEZE = '01a20000-0000-7000-8000-00000000beef';
const JINAN = '01a20000-0000-7000-8000-00000000cafe';
const now = () => Math.floor(Date.now() / 1000);
const rules = {
  issuer: 'parkledger',
  audience: 'parkledger-api',
  maxLifetimeSeconds: 3600,
  roleClaim: 'role',
  parksClaim: 'parks',
  fundsClaim: 'funds',
  policiesClaim: 'policies',
};
const hs256: TokenVerification = { ...rules, keys: secretKeys(SECRET) };
const standard = { issuer: 'parkledger', audience: 'parkledger-api', subject: 'user-1', expiresIn: 60 };
const sign = (claims: object, options: jwt.SignOptions = {}) => jwt.sign(claims, SECRET, { ...standard, ...options });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with node:crypto, for algorithms jsonwebtoken does not sign (EdDSA). */
function signEdDsa(claims: object, privateKey: KeyObject, kid?: string): string {
  const signed = `${b64({ alg: 'EdDSA', typ: 'JWT', ...(kid === undefined ? {} : { kid }) })}.${b64(claims)}`;
  return `${signed}.${cryptoSign(null, Buffer.from(signed), privateKey).toString('base64url')}`;
}

const claims = (extra: object = {}) => ({
  sub: 'kc-user',
  iss: 'parkledger',
  aud: 'parkledger-api',
  iat: now(),
  exp: now() + 300,
  role: 'auditor',
  ...extra,
});

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const single = (key: VerificationKey): TokenKeys => ({ source: 'public-key', key });
const rs256: TokenVerification = { ...rules, keys: single({ algorithm: 'RS256', key: rsa.publicKey }) };
const edDsa: TokenVerification = { ...rules, keys: single({ algorithm: 'EdDSA', key: ed.publicKey }) };

describe('HS256 bearer tokens', () => {
  it('round-trips a park manager with its scope', () => {
    const token = signToken(
      { subject: 'pm', role: 'park-manager', parks: [HEZE], funds: [], policies: [] },
      SECRET,
      { issuer: 'parkledger', audience: 'parkledger-api' },
      60,
    );
    expect(verifyToken(token, hs256)).toEqual({
      subject: 'pm',
      role: 'park-manager',
      parks: [HEZE],
      funds: [],
      policies: [],
      expiresAt: expect.any(Number) as number,
    });
  });

  it('round-trips a policy officer with the policies it runs', () => {
    const officer = {
      subject: 'po',
      role: 'policy-officer' as const,
      parks: [],
      funds: [],
      policies: ['jinan-2019-biomedical'],
    };
    const token = signToken(officer, SECRET, { issuer: 'parkledger', audience: 'parkledger-api' }, 60);
    expect(verifyToken(token, hs256)).toEqual({ ...officer, expiresAt: expect.any(Number) as number });
  });

  it('gives when the token expires, its exp', () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = jwt.sign({ role: 'admin', exp }, SECRET, {
      algorithm: 'HS256',
      issuer: 'parkledger',
      audience: 'parkledger-api',
      subject: 'a',
    });
    expect(verifyToken(token, hs256).expiresAt).toBe(exp);
  });

  it('round-trips a fund manager with the funds it manages', () => {
    const token = signToken(
      { subject: 'fm', role: 'fund-manager', parks: [], funds: [JINAN], policies: [] },
      SECRET,
      { issuer: 'parkledger', audience: 'parkledger-api' },
      60,
    );
    expect(verifyToken(token, hs256)).toEqual({
      subject: 'fm',
      role: 'fund-manager',
      parks: [],
      funds: [JINAN],
      policies: [],
      expiresAt: expect.any(Number) as number,
    });
  });

  it.each([
    [
      'another secret',
      jwt.sign({ role: 'admin' }, 'another-secret-of-at-least-thirty-two-bytes', standard),
      'the bearer token is not valid',
    ],
    ['another issuer', sign({ role: 'admin' }, { issuer: 'someone-else' }), 'the bearer token is from another issuer'],
    [
      'no expiry',
      jwt.sign({ role: 'admin' }, SECRET, { issuer: 'parkledger', audience: 'parkledger-api', subject: 's' }),
      'the bearer token has no expiry',
    ],
    [
      'an expired one',
      jwt.sign({ role: 'admin', exp: now() - 60 }, SECRET, {
        issuer: 'parkledger',
        audience: 'parkledger-api',
        subject: 's',
      }),
      'the bearer token has expired',
    ],
    ['an unknown role', sign({ role: 'mayor' }), 'the bearer token names no subject or no known role'],
    [
      'a park manager without parks',
      sign({ role: 'park-manager', parks: [] }),
      'a park-manager token must name its parks',
    ],
    [
      'a malformed scope',
      sign({ role: 'park-manager', parks: ['heze'] }),
      'the bearer token has a malformed park scope',
    ],
    [
      'a fund manager without funds',
      sign({ role: 'fund-manager', funds: [] }),
      'a fund-manager token must name its funds',
    ],
    [
      'a malformed fund scope',
      sign({ role: 'fund-manager', funds: ['heze-fund'] }),
      'the bearer token has a malformed fund scope',
    ],
    [
      'a policy officer without policies',
      sign({ role: 'policy-officer', policies: [] }),
      'a policy-officer token must name its policies',
    ],
    [
      'a malformed policy scope',
      sign({ role: 'policy-officer', policies: ['Jinan 2019'] }),
      'the bearer token has a malformed policy scope',
    ],
    ['alg none', `${b64({ alg: 'none' })}.${b64(claims({ role: 'admin' }))}.`, 'the bearer token is not valid'],
    ['a token of two parts', `${b64({ alg: 'HS256' })}.${b64(claims())}`, 'the bearer token is not valid'],
  ])('refuses %s', (_, token, message) => {
    expect(() => verifyToken(token, hs256)).toThrow(message);
  });
});

describe('audience and lifetime', () => {
  it('refuses a token without the audience, or for another one, naming the audience', () => {
    const none = jwt.sign({ role: 'admin' }, SECRET, { issuer: 'parkledger', subject: 's', expiresIn: 60 });
    const other = sign({ role: 'admin' }, { audience: 'another-api' });
    for (const token of [none, other]) {
      expect(() => verifyToken(token, hs256)).toThrow(
        'the bearer token is not meant for this API (its aud must include "parkledger-api")',
      );
    }
  });

  it('accepts the audience among others', () => {
    expect(verifyToken(sign({ role: 'admin' }, { audience: ['account', 'parkledger-api'] }), hs256).role).toBe('admin');
  });

  it('refuses a token that lives longer than the maximum, by exp − iat, or exp − now without iat', () => {
    const long = sign({ role: 'admin' }, { expiresIn: 3601 });
    expect(() => verifyToken(long, hs256)).toThrow(
      'the bearer token lives longer than the 3600 seconds this API accepts',
    );
    const { iat: _, ...withoutIat } = claims({ role: 'admin', exp: now() + 7200 });
    const noIat = jwt.sign(withoutIat, SECRET, { noTimestamp: true });
    expect(() => verifyToken(noIat, hs256)).toThrow('lives longer than the 3600 seconds');
    expect(verifyToken(sign({ role: 'admin' }, { expiresIn: 3600 }), hs256).role).toBe('admin');
  });

  it('refuses a token issued long ago even though it has not expired yet', () => {
    const old = jwt.sign(claims({ role: 'admin', iat: now() - 86_000, exp: now() + 400 }), SECRET);
    expect(() => verifyToken(old, hs256)).toThrow('lives longer');
  });

  it('refuses a token that is not valid yet', () => {
    expect(() => verifyToken(sign({ role: 'admin' }, { notBefore: 120 }), hs256)).toThrow('is not valid yet');
  });
});

describe('identity-provider tokens (RS256, EdDSA)', () => {
  it('verifies an RS256 token against a public key', () => {
    const token = jwt.sign(claims(), rsa.privateKey, { algorithm: 'RS256' });
    expect(verifyToken(token, rs256)).toEqual({
      subject: 'kc-user',
      role: 'auditor',
      parks: [],
      funds: [],
      policies: [],
      expiresAt: expect.any(Number) as number,
    });
  });

  it('verifies an EdDSA token against a public key', () => {
    expect(verifyToken(signEdDsa(claims(), ed.privateKey), edDsa)).toEqual({
      subject: 'kc-user',
      role: 'auditor',
      parks: [],
      funds: [],
      policies: [],
      expiresAt: expect.any(Number) as number,
    });
  });

  it('refuses a token signed by another key of the same kind', () => {
    const other = generateKeyPairSync('ed25519');
    expect(() => verifyToken(signEdDsa(claims(), other.privateKey), edDsa)).toThrow('the bearer token is not valid');
  });

  it('refuses an HS256 token made with the public key as its secret (algorithm confusion)', () => {
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const forged = `${b64({ alg: 'HS256' })}.${b64(claims({ role: 'admin' }))}`;
    const mac = jwt.sign(claims({ role: 'admin' }), pem, { algorithm: 'HS256', noTimestamp: true }).split('.')[2];
    expect(() => verifyToken(`${forged}.${mac}`, rs256)).toThrow('the bearer token is not valid');
    expect(() => verifyToken(jwt.sign(claims(), SECRET), rs256)).toThrow('the bearer token is not valid');
  });

  it('refuses an RS256 token where only EdDSA is configured, and alg none everywhere', () => {
    expect(() => verifyToken(jwt.sign(claims(), rsa.privateKey, { algorithm: 'RS256' }), edDsa)).toThrow('not valid');
    const none = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    for (const verification of [hs256, rs256, edDsa]) {
      expect(() => verifyToken(none, verification)).toThrow('the bearer token is not valid');
    }
  });

  it('chooses the JWKS key by kid', () => {
    const second = generateKeyPairSync('ed25519');
    const jwks: TokenVerification = {
      ...rules,
      keys: {
        source: 'jwks',
        byKid: new Map([
          ['rsa-1', { algorithm: 'RS256', key: rsa.publicKey }],
          ['ed-2', { algorithm: 'EdDSA', key: second.publicKey }],
        ]),
      },
    };
    expect(verifyToken(signEdDsa(claims(), second.privateKey, 'ed-2'), jwks).subject).toBe('kc-user');
    const rsToken = jwt.sign(claims(), rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' });
    expect(verifyToken(rsToken, jwks).subject).toBe('kc-user');
    expect(() => verifyToken(signEdDsa(claims(), second.privateKey, 'rsa-1'), jwks)).toThrow('not valid');
    expect(() => verifyToken(signEdDsa(claims(), second.privateKey, 'unknown'), jwks)).toThrow('not valid');
    expect(() => verifyToken(signEdDsa(claims(), second.privateKey), jwks)).toThrow('not valid');
  });

  it('reads role and parks from configurable claims, taking the first known role of an array', () => {
    const keycloak: TokenVerification = { ...rs256, roleClaim: 'realm_access.roles', parksClaim: 'parkledger.parks' };
    const token = jwt.sign(
      claims({
        role: undefined,
        realm_access: { roles: ['offline_access', 'park-manager', 'admin'] },
        parkledger: { parks: [HEZE, JINAN] },
      }),
      rsa.privateKey,
      { algorithm: 'RS256' },
    );
    expect(verifyToken(token, keycloak)).toEqual({
      subject: 'kc-user',
      role: 'park-manager',
      parks: [HEZE, JINAN],
      funds: [],
      policies: [],
      expiresAt: expect.any(Number) as number,
    });
    const unknownOnly = jwt.sign(claims({ realm_access: { roles: ['offline_access'] } }), rsa.privateKey, {
      algorithm: 'RS256',
    });
    expect(() => verifyToken(unknownOnly, keycloak)).toThrow('no known role');
  });
});
