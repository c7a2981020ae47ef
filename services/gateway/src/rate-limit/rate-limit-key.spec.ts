import { clientAddress } from './rate-limit-key';

describe('the client address of the rate limit', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('10.0.0.9', '203.0.113.7', 0)).toBe('10.0.0.9');
  });

  it('is the Nth address from the right of X-Forwarded-For behind N trusted proxies', () => {
    const chain = '198.51.100.1, 203.0.113.7, 10.0.0.2';
    expect(clientAddress('10.0.0.9', chain, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.9', chain, 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', chain, 3)).toBe('198.51.100.1');
  });

  it('is the leftmost address when the chain is shorter than the trusted hops, and the socket without one', () => {
    expect(clientAddress('10.0.0.9', '203.0.113.7', 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', ' , ', 1)).toBe('10.0.0.9');
  });
});
