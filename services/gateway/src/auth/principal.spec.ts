import jwt from 'jsonwebtoken';
import { callerOf, signToken, verifyToken } from './principal';

const SECRET = 'test-secret';
const sign = (claims: object, options: jwt.SignOptions = {}) =>
  jwt.sign(claims, SECRET, { issuer: 'parkledger', subject: 'user-1', expiresIn: 60, ...options });
const HEZE = '01a20000-0000-7000-8000-00000000beef';

describe('bearer tokens', () => {
  it('round-trips a park manager with its scope', () => {
    const token = signToken({ subject: 'pm', role: 'park-manager', parks: [HEZE] }, SECRET, 'parkledger', 60);
    expect(verifyToken(token, SECRET, 'parkledger')).toEqual({ subject: 'pm', role: 'park-manager', parks: [HEZE] });
  });

  it.each([
    [
      'another secret',
      jwt.sign({ role: 'admin' }, 'other', { issuer: 'parkledger', subject: 's', expiresIn: 60 }),
      'the bearer token is not valid',
    ],
    ['another issuer', sign({ role: 'admin' }, { issuer: 'someone-else' }), 'the bearer token is not valid'],
    [
      'no expiry',
      jwt.sign({ role: 'admin' }, SECRET, { issuer: 'parkledger', subject: 's' }),
      'the bearer token has no expiry',
    ],
    [
      'an expired one',
      jwt.sign({ role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, {
        issuer: 'parkledger',
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
      'alg none',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`,
      'the bearer token is not valid',
    ],
  ])('refuses %s', (_, token, message) => {
    expect(() => verifyToken(token, SECRET, 'parkledger')).toThrow(message);
  });

  it('derives one request id per caller and Idempotency-Key', () => {
    const principal = { subject: 'a', role: 'admin' as const, parks: [] };
    expect(callerOf(principal).requestId).toBeUndefined();
    expect(callerOf(principal, 'k1').requestId).toBe(callerOf(principal, 'k1').requestId);
    expect(callerOf(principal, 'k1').requestId).not.toBe(callerOf({ ...principal, subject: 'b' }, 'k1').requestId);
  });
});
