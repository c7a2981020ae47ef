import { type Request } from 'express';
import { gatewayCallerOf } from './gateway-caller';

const request = (method: string, path: string, body: unknown, key?: string): Request =>
  ({ method, path, body, header: (name: string) => (name === 'idempotency-key' ? key : undefined) }) as Request;

describe('the caller as the services are told of it', () => {
  const principal = {
    subject: 'a',
    role: 'park-manager' as const,
    parks: ['p2', 'p1'],
    funds: [] as string[],
    policies: [] as string[],
  };

  it('derives one request key per whole identity and Idempotency-Key', () => {
    const key = (p: typeof principal, k = 'k1') => gatewayCallerOf(p, request('POST', '/x', {}, k)).requestKey;
    expect(gatewayCallerOf(principal, request('POST', '/x', {})).requestKey).toBeUndefined();
    expect(key(principal)).toBe(key({ ...principal, parks: ['p1', 'p2'] }));
    expect(key(principal)).not.toBe(key({ ...principal, subject: 'b' }));
    expect(key(principal)).not.toBe(key({ ...principal, parks: ['p1'] }));
    expect(key(principal)).not.toBe(key({ ...principal, funds: ['p1'] }));
    expect(key(principal)).not.toBe(key({ ...principal, policies: ['p1'] }));
    expect(key(principal)).not.toBe(key(principal, 'k2'));
  });

  it('fingerprints the method, the path and the body', () => {
    const print = (method: string, path: string, body: unknown) =>
      gatewayCallerOf(principal, request(method, path, body, 'k')).requestFingerprint;
    expect(print('POST', '/parks', { a: 1 })).toBe(print('POST', '/parks', { a: 1 }));
    expect(print('POST', '/parks', { a: 1 })).not.toBe(print('POST', '/parks', { a: 2 }));
    expect(print('POST', '/parks', { a: 1 })).not.toBe(print('PATCH', '/parks', { a: 1 }));
    expect(print('POST', '/parks', { a: 1 })).not.toBe(print('POST', '/enterprises', { a: 1 }));
  });
});
